package org.j386.cpu.unicorn;

import org.junit.jupiter.api.Assumptions;

/** The one place that decides whether the Unicorn oracle can run; a skip says so loudly. */
final class UnicornAvailable {
    private UnicornAvailable() { }

    private static String failure;
    private static boolean tried;

    /** Skips the calling test (JUnit assumption) if libunicorn cannot be loaded. */
    static synchronized void assume() {
        if (!tried) {
            tried = true;
            try {
                UnicornLib.load();
            } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
                failure = e.toString();
                System.err.println("\n"
                        + "**********************************************************************\n"
                        + "*** SKIPPED: the Unicorn CPU differential did NOT run.             ***\n"
                        + "*** libunicorn could not be loaded: install it with `make deps`    ***\n"
                        + "*** (Debian packages libunicorn2 libunicorn-dev).                  ***\n"
                        + "**********************************************************************\n"
                        + failure + "\n");
            }
        }
        Assumptions.assumeTrue(failure == null,
                "SKIPPED LOUDLY: libunicorn cannot be loaded (run `make deps`): " + failure);
    }
}
