package org.j386.gdb;

/**
 * Why the guest stopped, as a stop reply reports it.
 *
 * @param kind    what happened
 * @param signal  the gdb signal number for {@link Kind#SIGNAL} and {@link Kind#WATCH}: 5 (TRAP)
 *                after a step, breakpoint or watchpoint, 2 (INT) after an interrupt
 * @param watch   the watchpoint that fired, for {@link Kind#WATCH}
 * @param address the watched linear address that was accessed, for {@link Kind#WATCH}
 * @param status  the exit status, for {@link Kind#EXITED}
 */
public record StopEvent(Kind kind, int signal, Breakpoint.Type watch, int address, int status) {
    public enum Kind {
        /** Stopped with a signal: {@code T<sig>thread:...;}. */
        SIGNAL,
        /** A watchpoint fired: {@code T05thread:...;watch:ADDR;} (or rwatch, awatch). */
        WATCH,
        /** The guest ended (powered off): {@code W<status>}. */
        EXITED
    }

    /** gdb's signal numbers (include/gdb/signals.def). */
    public static final int SIGINT = 2;
    public static final int SIGTRAP = 5;

    public static StopEvent trap() {
        return new StopEvent(Kind.SIGNAL, SIGTRAP, null, 0, 0);
    }

    public static StopEvent interrupted() {
        return new StopEvent(Kind.SIGNAL, SIGINT, null, 0, 0);
    }

    public static StopEvent watchpoint(Breakpoint.Type type, int address) {
        return new StopEvent(Kind.WATCH, SIGTRAP, type, address, 0);
    }

    public static StopEvent exited(int status) {
        return new StopEvent(Kind.EXITED, 0, null, 0, status);
    }
}
