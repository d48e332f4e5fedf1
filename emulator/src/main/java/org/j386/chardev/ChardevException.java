package org.j386.chardev;

/** A character device specification that cannot be used; the message is one line for the user. */
public final class ChardevException extends Exception {
    public ChardevException(String message) {
        super(message);
    }

    public ChardevException(String message, Throwable cause) {
        super(message, cause);
    }
}
