package org.j386.cli;

/** A problem with the command line or its files, told to the user as one line and exit status 1. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
