package org.j386.boot;

/**
 * A kernel or module that cannot be booted: unreadable, not ELF, no Multiboot header, or not
 * fitting in guest RAM. The message is one line that names the file and the problem, fit to be
 * shown to a person as it is.
 */
public final class BootImageException extends Exception {
    private static final long serialVersionUID = 1L;

    public BootImageException(String message) {
        super(message);
    }
}
