package org.j386.monitor;

/** A command the monitor cannot carry out; its message is the one line the user sees. */
public final class MonitorException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MonitorException(String message) {
        super(message, null, false, false);
    }
}
