package org.j386.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.bench.BootedGuest;
import org.j386.bench.GuestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Correctness, not speed: each benchmark guest prints the same line, checksum included, on j386
 * (in this JVM) as on qemu-system-i386 -M isapc, and exits with status 1. A workload j386 computes
 * wrongly would otherwise be timed as if it were right.
 */
class GuestChecksumTest {
    private static final long ROUNDS = 3;
    private static final long BUDGET = 200_000_000;

    @ParameterizedTest
    @ValueSource(strings = {"null", "crc32", "sort", "matmul", "dfa", "listwalk", "pagefault"})
    void sameLineOnJ386AndQemu(String name) throws Exception {
        String j386 = BootedGuest.workload(name, ROUNDS).runToEnd(BUDGET).strip();
        Emulator.Run qemu = Emulator.QEMU.run(null /* no launcher */, GuestImages.workload(name),
                "rounds=" + ROUNDS, Compare.RAM_MIB, false);
        assertEquals(BootedGuest.SUCCESS_STATUS, qemu.exitStatus(), "QEMU exit status; output: " + qemu.serial());
        assertTrue(j386.matches(name + " rounds=" + ROUNDS + " checksum=[0-9a-f]{8}"), j386);
        assertEquals(qemu.serial().strip(), j386);
    }

    /** Every round is one fault: the count XOR CR2 (the faulting address 0x00400100). */
    @Test
    void pagefaultTakesOneFaultPerRound() {
        String line = BootedGuest.workload(GuestImages.PAGEFAULT, 1000).runToEnd(BUDGET).strip();
        assertEquals("pagefault rounds=1000 checksum=" + String.format("%08x", 1000 ^ 0x00400100), line);
    }
}
