package org.j386.machine;

import java.util.List;

import org.j386.boot.BootImageException;
import org.j386.boot.EntryState;
import org.j386.boot.MultibootLoader;
import org.j386.boot.MultibootLoader.BootImage;
import org.j386.cpu.Cpu;
import org.j386.cpu.Eflags;
import org.j386.devices.BochsShutdownPort;
import org.j386.devices.DualPic;
import org.j386.devices.FastA20Port;
import org.j386.devices.I8042Controller;
import org.j386.devices.I8254Pit;
import org.j386.devices.IoBus;
import org.j386.devices.IsaDebugExit;
import org.j386.devices.Mc146818Rtc;
import org.j386.devices.PostCodePort;
import org.j386.devices.PowerControl;
import org.j386.devices.SerialBackend;
import org.j386.devices.SystemControl;
import org.j386.devices.SystemControlPort;
import org.j386.devices.TimedDevice;
import org.j386.devices.Uart16550;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * A PC like QEMU's {@code -M isapc} with a Multiboot kernel loaded: RAM, a 486, the 8259 pair,
 * the 8254 and port 0x61, the MC146818 RTC, the 8042 and port 0x92, the POST port, COM1, and the
 * emulator back doors (isa-debug-exit when configured, Bochs's port 0x8900).
 *
 * <p>The run loop gives the processor slices of at most {@link #SLICE} instructions, each ending
 * at the next timer deadline, and between slices lets timers catch up and moves host input into
 * the UART. When the processor halts with interrupts enabled and a timer armed, machine time
 * jumps to the deadline (deterministic; an interactive run also sleeps that long on the host so
 * an idle guest costs no CPU). When it halts and nothing can wake it, interrupts off ({@code cli;
 * hlt}) or no timer armed, {@link #run} returns {@link RunResult.Kind#HUNG} and
 * {@link #runUntilOff} blocks until host input or a stop request arrives, where QEMU would wait
 * forever.
 *
 * <p>A reset (triple fault, 8042 pulse, port 0x92) reboots: a fresh board, the same RAM, the
 * kernel loaded again as QEMU's option ROM does after its BIOS runs; with {@code -no-reboot} it
 * powers off with status 0 instead, as QEMU exits 0.
 *
 * <p>Threads: everything runs on the caller's thread except {@link #requestStop},
 * {@link #wakeUp} and the UART's host input queue, which any thread may use.
 */
public final class Machine implements PowerControl, SystemControl {
    /** Upper bound on one processor slice, so stops, input and timers are looked at often. */
    public static final long SLICE = 1 << 20;
    /** The RTC's time at power-on: 2000-01-01 00:00:00 UTC, the same fixed start as the project's Bochs setup. */
    public static final long RTC_EPOCH_SECONDS = 946_684_800L;
    /** Longest single host sleep while pacing an idle guest, so a stop is seen promptly. */
    private static final long MAX_IDLE_SLEEP_NS = 100_000_000L;

    private final MachineConfig config;
    private final BootImage image;
    private final PhysicalMemory memory;
    private final VirtualClock clock = new VirtualClock();
    private final SerialBackend serial;
    private final Uart16550 com1;
    private final Object idleLock = new Object();
    private volatile boolean stopRequested;
    private boolean wakePending;
    private boolean resetRequested;
    private boolean poweredOff;
    private int exitStatus;
    private Board board;
    /** Instructions retired by earlier boards (before reboots). */
    private long retiredBefore;

    /** The devices that go with one processor; a reboot builds a new one. */
    private final class Board {
        final Mmu mmu = new Mmu(memory);
        final IoBus io = new IoBus();
        final Cpu cpu = new Cpu(mmu, io);
        final DualPic pic = new DualPic();
        final I8254Pit pit;
        final Mc146818Rtc rtc;
        final List<TimedDevice> timed;

        Board() {
            clock.attach(cpu);
            cpu.setInterruptController(pic);
            pic.attach(io);
            pit = new I8254Pit(clock, pic);
            pit.attach(io);
            new SystemControlPort(pit, clock).attach(io);
            rtc = new Mc146818Rtc(clock, pic, RTC_EPOCH_SECONDS, config.ramBytes());
            rtc.attach(io);
            new I8042Controller(pic, Machine.this).attach(io);
            new FastA20Port(Machine.this).attach(io);
            new PostCodePort().attach(io);
            com1.reset();
            com1.attach(io);
            com1.connectIrq(pic, Uart16550.COM1_IRQ);
            if (config.debugExit() != null) {
                new IsaDebugExit(config.debugExit().base(), config.debugExit().size(), Machine.this).attach(io);
            }
            new BochsShutdownPort(Machine.this).attach(io);
            timed = List.of(pit, rtc);
        }
    }

    /**
     * Reads the kernel and modules, builds the machine and loads the kernel.
     *
     * @throws BootImageException if a file cannot be read or the kernel cannot be booted
     */
    public Machine(MachineConfig config, SerialBackend serial) throws BootImageException {
        this.config = config;
        this.image = MultibootLoader.load(config.kernelPath(), config.append(), config.initrd(), config.ramBytes());
        this.memory = new PhysicalMemory((int) config.ramBytes());
        this.serial = serial;
        // Once the machine is off nothing leaves it, even if the processor finishes its block.
        this.com1 = new Uart16550(Uart16550.COM1_BASE, new SerialBackend() {
            @Override
            public void transmit(int b) {
                if (!poweredOff && serial != null) {
                    serial.transmit(b);
                }
            }

            @Override
            public void flush() {
                if (serial != null) {
                    serial.flush();
                }
            }
        });
        powerOn();
    }

    private void powerOn() {
        if (board != null) {
            retiredBefore += board.cpu.instructions();
        }
        board = new Board();
        image.writeTo(memory);
        enter(board.cpu, image.entry());
    }

    /** Puts the processor in the state QEMU's option ROM leaves it in at the kernel's entry. */
    private static void enter(Cpu cpu, EntryState s) {
        for (int r = Cpu.EAX; r <= Cpu.EDI; r++) {
            cpu.setReg(r, s.gpr(r));
        }
        cpu.setCr(0, s.cr0());
        cpu.setGdtr(s.gdtBase(), s.gdtLimit());
        cpu.setIdtr(s.idtBase(), s.idtLimit());
        for (int sreg = Cpu.ES; sreg <= Cpu.GS; sreg++) {
            if (sreg != Cpu.CS) {
                cpu.loadSegmentCache(sreg, s.dataSelector(), EntryState.FLAT_BASE, EntryState.FLAT_LIMIT, s.dataFlags());
            }
        }
        cpu.loadSegmentCache(Cpu.CS, s.codeSelector(), EntryState.FLAT_BASE, EntryState.FLAT_LIMIT, s.codeFlags());
        cpu.setEflags(s.eflags());
        cpu.setEip(s.eip());
    }

    public Cpu cpu() {
        return board.cpu;
    }

    public PhysicalMemory memory() {
        return memory;
    }

    public Uart16550 com1() {
        return com1;
    }

    public VirtualClock clock() {
        return clock;
    }

    public BootImage bootImage() {
        return image;
    }

    /** Instructions retired since power-on, across reboots. */
    public long instructions() {
        return retiredBefore + board.cpu.instructions();
    }

    // ---- control from other threads ----

    /** Stops the run loop at the next slice boundary (Ctrl-A x, a signal). Any thread. */
    public void requestStop() {
        stopRequested = true;
        board.cpu.requestStop();
        wakeUp();
    }

    /** Host input arrived or something else may wake an idle guest. Any thread. */
    public void wakeUp() {
        synchronized (idleLock) {
            wakePending = true;
            idleLock.notifyAll();
        }
    }

    // ---- PowerControl and SystemControl, called by devices on the CPU thread ----

    @Override
    public void powerOff(int status) {
        if (!poweredOff) {
            poweredOff = true;
            exitStatus = status;
        }
        board.cpu.requestStop();
    }

    @Override
    public void requestReset() {
        resetRequested = true;
        board.cpu.requestStop();
    }

    @Override
    public void setA20(boolean enabled) {
        board.mmu.setA20(enabled);
    }

    @Override
    public boolean a20() {
        return board.mmu.a20();
    }

    // ---- the run loop ----

    /**
     * Runs until the guest powers off, the host stops it, it hangs, or {@code budget} is spent.
     * The budget counts instructions plus halted time in instruction units, so a guest idling on
     * a timer spends it too.
     */
    public RunResult run(long budget) {
        return loop(budget, false);
    }

    /** Runs until the guest powers off or the host stops it; an idle guest blocks the caller. */
    public RunResult runUntilOff() {
        return loop(Long.MAX_VALUE, true);
    }

    private RunResult loop(long budget, boolean interactive) {
        long startRetired = instructions();
        long used = 0;
        try {
            while (true) {
                if (poweredOff) {
                    return new RunResult(RunResult.Kind.POWER_OFF, exitStatus, instructions() - startRetired);
                }
                if (stopRequested) {
                    stopRequested = false;
                    return new RunResult(RunResult.Kind.STOPPED, 0, instructions() - startRetired);
                }
                if (resetRequested) {
                    resetRequested = false;
                    if (config.noReboot()) {
                        powerOff(0);
                    } else {
                        powerOn();
                    }
                    continue;
                }
                if (used >= budget) {
                    return new RunResult(RunResult.Kind.BUDGET, 0, instructions() - startRetired);
                }
                com1.pumpInput();
                long deadline = advanceTimers();
                long slice = Math.min(SLICE, budget - used);
                if (deadline != TimedDevice.NEVER) {
                    slice = Math.min(slice, clock.instructionsUntil(deadline));
                }
                Cpu cpu = board.cpu;
                used += cpu.run(slice);
                if (cpu.shutdown()) {
                    // Triple fault: the processor asserts SHUTDOWN and the board resets it.
                    resetRequested = true;
                    continue;
                }
                if (cpu.halted() && !poweredOff && !stopRequested && !resetRequested) {
                    used += idle(cpu, interactive);
                    if (!interactive && cpu.halted() && !canWake(cpu)) {
                        return new RunResult(RunResult.Kind.HUNG, 0, instructions() - startRetired);
                    }
                }
            }
        } finally {
            com1.backend().flush();
        }
    }

    /** Lets every timer whose deadline has come catch up; returns the next deadline. */
    private long advanceTimers() {
        long now = clock.nanos();
        long next = TimedDevice.NEVER;
        for (TimedDevice d : board.timed) {
            if (d.nextDeadline() <= now) {
                d.advanceTo(now);
            }
            next = Math.min(next, d.nextDeadline());
        }
        return next;
    }

    /** A halted processor wakes only for an interrupt, so only with EFLAGS.IF set (no NMI sources here). */
    private boolean canWake(Cpu cpu) {
        return (cpu.eflags() & Eflags.IF) != 0 && (nextDeadline() != TimedDevice.NEVER || com1.hostInputPending());
    }

    private long nextDeadline() {
        long next = TimedDevice.NEVER;
        for (TimedDevice d : board.timed) {
            next = Math.min(next, d.nextDeadline());
        }
        return next;
    }

    /**
     * The processor is halted. Returns the budget the idle time costs. Jumps machine time to the
     * next timer deadline if an interrupt could end the halt; otherwise, interactively, waits for
     * host input or a stop.
     */
    private long idle(Cpu cpu, boolean interactive) {
        com1.backend().flush();
        long deadline = nextDeadline();
        if ((cpu.eflags() & Eflags.IF) != 0 && deadline != TimedDevice.NEVER) {
            long skip = Math.max(0, deadline - clock.nanos());
            if (interactive) {
                sleepHost(skip);
            }
            clock.skip(skip);
            return Math.max(1, skip / VirtualClock.NS_PER_INSTRUCTION);
        }
        if (interactive && !com1.hostInputPending()) {
            waitForWakeup();
        }
        return 0;
    }

    /**
     * Sleeps {@code ns} of host time, less if woken by input or a stop; the guest sees none of it
     * (its clock jumps by exactly {@code ns} either way), a person sees an idle guest keep time.
     */
    private void sleepHost(long ns) {
        long end = System.nanoTime() + ns;
        synchronized (idleLock) {
            long left;
            while (!wakePending && !stopRequested && (left = end - System.nanoTime()) > 0) {
                long chunk = Math.min(left, MAX_IDLE_SLEEP_NS);
                try {
                    idleLock.wait(chunk / 1_000_000, (int) (chunk % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
            wakePending = false;
        }
    }

    private void waitForWakeup() {
        synchronized (idleLock) {
            while (!wakePending && !stopRequested) {
                try {
                    idleLock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
            wakePending = false;
        }
    }
}
