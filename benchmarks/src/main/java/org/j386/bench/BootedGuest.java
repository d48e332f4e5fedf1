package org.j386.bench;

import java.nio.file.Path;

import org.j386.boot.BootImageException;
import org.j386.devices.SerialBackend;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;

/**
 * A machine like {@code qemu-system-i386 -M isapc -no-reboot} with isa-debug-exit at 0xf4, booted
 * in this JVM, whose COM1 output is kept as text. The benchmarks drive it with instruction budgets,
 * or let it run until it has printed a marker character a given number of times.
 */
public final class BootedGuest {
    /** Guest RAM: QEMU's default. */
    public static final long RAM = MachineConfig.DEFAULT_RAM;
    /** Exit status of a benchmark guest that finished its work: isa-debug-exit with 0. */
    public static final int SUCCESS_STATUS = 1;

    private final StringBuilder serial = new StringBuilder();
    private final Machine machine;
    /** Counted, not kept in {@link #serial}: a program printing it forever stays cheap to watch. */
    private final int marker;
    private long markers;
    private long stopAt = Long.MAX_VALUE;

    /**
     * Boots {@code kernel} with {@code append} and {@code initrd} (null: none); {@code marker} is
     * a character to count instead of keeping (-1: none).
     */
    public BootedGuest(Path kernel, String append, Path initrd, int marker) {
        this.marker = marker;
        SerialBackend com1 = b -> {
            if (b != marker) {
                serial.append((char) b);
            } else if (++markers == stopAt) {
                machine().requestStop();
            }
        };
        MachineConfig config = new MachineConfig(RAM, kernel.toString(), append,
                initrd == null ? null : initrd.toString(), true, new MachineConfig.PortRange(0xF4, 4));
        try {
            machine = new Machine(config, com1);
        } catch (BootImageException e) {
            throw new IllegalStateException("cannot boot " + kernel + ": " + e.getMessage(), e);
        }
    }

    /** A benchmark guest with {@code rounds=N} on its command line. */
    public static BootedGuest workload(String name, long rounds) {
        return new BootedGuest(GuestImages.workload(name), "rounds=" + rounds, null, -1);
    }

    /** The minikernel running /bin/{@code program} of the benchmark initramfs as init, counting {@code marker}s. */
    public static BootedGuest minikernelProgram(String program, char marker) {
        return new BootedGuest(GuestImages.minikernel(), "init=/bin/" + program, GuestImages.benchInitramfs(), marker);
    }

    public Machine machine() {
        return machine;
    }

    /** What the guest printed so far (ISO-8859-1, as the bytes came), markers left out. */
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

    /**
     * Runs until the guest has printed {@code count} more markers (the run stops at the end of
     * the block that printed the last), within {@code budget} instructions.
     */
    public void runMarkers(long count, long budget) {
        stopAt = markers + count;
        RunResult r = machine.run(budget);
        if (r.kind() != RunResult.Kind.STOPPED || markers != stopAt) {
            throw new IllegalStateException("guest printed " + (markers - stopAt + count) + " of " + count
                    + " markers (" + r + "); serial: " + serial());
        }
    }

    /** Runs to a successful power-off within {@code budget} instructions and returns the serial text. */
    public String runToEnd(long budget) {
        RunResult r = machine.run(budget);
        if (r.kind() != RunResult.Kind.POWER_OFF || r.exitStatus() != SUCCESS_STATUS) {
            throw new IllegalStateException("guest did not power off (" + r + "); serial: " + serial());
        }
        return serial();
    }
}
