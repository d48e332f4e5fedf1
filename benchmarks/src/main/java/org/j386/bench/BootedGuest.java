package org.j386.bench;

import java.nio.file.Path;

import org.j386.boot.BootImageException;
import org.j386.devices.SerialBackend;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;

/**
 * A machine like {@code qemu-system-i386 -M isapc -no-reboot} with isa-debug-exit at 0xf4, booted
 * in this JVM, whose COM1 output is kept as text. The benchmarks drive it with instruction budgets.
 */
public final class BootedGuest {
    /** Guest RAM: QEMU's default. */
    public static final long RAM = MachineConfig.DEFAULT_RAM;

    private final StringBuilder serial = new StringBuilder();
    private final Machine machine;

    public BootedGuest(Path kernel, String append) {
        SerialBackend com1 = b -> serial.append((char) b);
        try {
            machine = new Machine(MachineConfig.forTest(kernel.toString(), append, RAM), com1);
        } catch (BootImageException e) {
            throw new IllegalStateException("cannot boot " + kernel + ": " + e.getMessage(), e);
        }
    }

    /** A benchmark guest with {@code rounds=N} on its command line. */
    public static BootedGuest workload(String name, long rounds) {
        return new BootedGuest(GuestImages.workload(name), "rounds=" + rounds);
    }

    public Machine machine() {
        return machine;
    }

    /** What the guest printed so far (ISO-8859-1, as the bytes came). */
    public String serial() {
        return serial.toString();
    }

    /**
     * Runs exactly {@code instructions} guest instructions; a guest that stops before (powers off,
     * hangs) is a failure here, reported with what it printed.
     */
    public void runExactly(long instructions) {
        RunResult r = machine.run(instructions);
        if (r.kind() != RunResult.Kind.BUDGET || r.instructions() != instructions) {
            throw new IllegalStateException("guest stopped early (" + r + "); serial: " + serial());
        }
    }

    /** Exit status of a benchmark guest that finished its work: isa-debug-exit with 0. */
    public static final int SUCCESS_STATUS = 1;

    /** Runs to a successful power-off within {@code budget} instructions and returns the serial text. */
    public String runToEnd(long budget) {
        RunResult r = machine.run(budget);
        if (r.kind() != RunResult.Kind.POWER_OFF || r.exitStatus() != SUCCESS_STATUS) {
            throw new IllegalStateException("guest did not power off (" + r + "); serial: " + serial());
        }
        return serial();
    }
}
