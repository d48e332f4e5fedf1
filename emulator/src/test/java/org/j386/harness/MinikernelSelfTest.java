package org.j386.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel's own tests (selftest=SUITE prints TAP, then powers off with 0 only if all passed)
 * and its /proc and demo output, booted on j386 and on qemu-system-i386: every test passes on
 * both, and both print the same transcript.
 */
class MinikernelSelfTest {
    private static final long BUDGET = 20_000_000_000L;

    private static Path kernel() {
        Path k = Transcript.buildDir().resolve("minikernel.elf");
        assertTrue(Files.isRegularFile(k), k + " is missing: run make build");
        return k;
    }

    private static String initramfs() {
        Path cpio = Transcript.buildDir().resolve("initramfs.cpio");
        assertTrue(Files.isRegularFile(cpio), cpio + " is missing: run make build");
        return cpio.toString();
    }

    /**
     * Each suite prints TAP: selftest=mm (physical memory), selftest=vm (processes and address
     * spaces), init=/bin/hostile (a user program attacking the kernel), and /sbin/init's checks.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"selftest=mm", "selftest=vm", "init=/bin/hostile", "init=/sbin/init"})
    void selfTestPassesOnJ386AndQemuAlike(String append) throws Exception {
        Transcript.Boot boot = Transcript.Boot.of(kernel(), append).withInitrd(initramfs());
        Transcript j386 = Transcript.j386(boot, BUDGET);
        Tap tap = Tap.parse(j386.serial());
        if (append.equals("init=/sbin/init")) {
            assertTrue(j386.serial().contains("init: 0 failures\n"), j386.serial());
        } else {
            assertNull(tap.problem(), "j386: " + tap.problem() + " (" + j386.how() + ")");
        }
        assertEquals(1, j386.exitStatus(), "poweroff(0) after a clean run; j386 " + j386.how());
        Transcript qemu = Transcript.qemu(boot, 120);
        assertEquals(qemu.serial(), j386.serial());
        assertEquals(qemu.exitStatus(), j386.exitStatus());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"demo=alloc", "proc=meminfo,buddyinfo,slabinfo,vmallocinfo,iomem"})
    void procAndDemoOutputMatchQemu(String append) throws Exception {
        Transcript.Boot boot = Transcript.Boot.of(kernel(), append);
        Transcript j386 = Transcript.j386(boot, BUDGET);
        Transcript qemu = Transcript.qemu(boot, 60);
        assertEquals(qemu.serial(), j386.serial(), "j386 " + j386.how());
        assertEquals(qemu.exitStatus(), j386.exitStatus());
    }
}
