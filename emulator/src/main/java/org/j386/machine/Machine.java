package org.j386.machine;

import java.util.List;

import org.j386.boot.BootImageException;
import org.j386.boot.ElfSymbols;
import org.j386.boot.EntryState;
import org.j386.boot.MultibootLoader;
import org.j386.boot.MultibootLoader.BootImage;
import org.j386.cpu.Cpu;
import org.j386.cpu.Eflags;
import org.j386.cpu.InterruptController;
import org.j386.devices.BochsShutdownPort;
import org.j386.devices.DebugConsole;
import org.j386.devices.DualPic;
import org.j386.devices.FastA20Port;
import org.j386.devices.I8042Controller;
import org.j386.devices.I8254Pit;
import org.j386.devices.IoBus;
import org.j386.devices.IoDevice;
import org.j386.devices.IsaDebugExit;
import org.j386.devices.Mc146818Rtc;
import org.j386.devices.PostCodePort;
import org.j386.devices.PowerControl;
import org.j386.devices.SerialBackend;
import org.j386.devices.SystemControl;
import org.j386.devices.SystemControlPort;
import org.j386.devices.TimedDevice;
import org.j386.devices.Uart16550;
import org.j386.mmu.MmioDevice;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * A PC like QEMU's {@code -M isapc} with a Multiboot kernel loaded: RAM, a 486, the 8259 pair,
 * the 8254 and port 0x61, the MC146818 RTC, the 8042 and port 0x92, the POST port, its serial ports, and the
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
 * <p>A reset (triple fault, 8042 pulse, port 0x92, the monitor's system_reset) reboots: a fresh
 * board, the same RAM, the kernel loaded again as QEMU's option ROM does after its BIOS runs (or,
 * with {@code -bios}, the processor at its reset vector in the ROM); with {@code -no-reboot} it
 * shuts down instead: the run ends with status 0, as QEMU exits 0, or with {@code -no-shutdown}
 * the machine stays, stopped ({@link #isShutDown}), until the next reset.
 *
 * <p>The serial ports COM1..COM4 and the debug consoles exist when the {@link Attachments} ask for
 * them (COM1 unless {@code -serial none}).
 *
 * <p>Threads: everything runs on the caller's thread except {@link #requestStop},
 * {@link #wakeUp} and the UART's host input queue, which any thread may use.
 */
public final class Machine implements PowerControl, SystemControl {
    /** Upper bound on one processor slice, so stops, input and timers are looked at often. */
    public static final long SLICE = 1 << 20;
    /**
     * QEMU isapc's serial ports, one per {@code -serial} in order (hw/char/serial-isa.c,
     * isa_serial_io and isa_serial_irq): COM1 at 0x3F8 on IRQ 4, COM2 at 0x2F8 on IRQ 3, COM3 at
     * 0x3E8 on IRQ 4, COM4 at 0x2E8 on IRQ 3. COM1 and COM3, COM2 and COM4 share a line.
     */
    public static final int SERIAL_PORTS = 4;
    public static final int COM2_BASE = 0x2F8;
    public static final int COM2_IRQ = 3;
    public static final int COM3_BASE = 0x3E8;
    public static final int COM3_IRQ = 4;
    public static final int COM4_BASE = 0x2E8;
    public static final int COM4_IRQ = 3;
    private static final int[] SERIAL_BASES = {Uart16550.COM1_BASE, COM2_BASE, COM3_BASE, COM4_BASE};
    private static final int[] SERIAL_IRQS = {Uart16550.COM1_IRQ, COM2_IRQ, COM3_IRQ, COM4_IRQ};
    /** Longest single host sleep while pacing an idle guest, so a stop is seen promptly. */
    private static final long MAX_IDLE_SLEEP_NS = 100_000_000L;

    private final MachineConfig config;
    private final BootImage image;
    private final BiosRom bios;
    private final PhysicalMemory memory;
    private final VirtualClock clock;
    private final Attachments host;
    private final GuestLog log;
    /** COM1..COM4; null where the machine has no port. */
    private final Uart16550[] serials = new Uart16550[SERIAL_PORTS];
    private final Object idleLock = new Object();
    private volatile boolean stopRequested;
    private boolean wakePending;
    private boolean resetRequested;
    private boolean poweredOff;
    /** Shut down under -no-shutdown: nothing runs until a reset. */
    private boolean shutDown;
    /** External interrupts held off (a debugger stepping); invisible to the guest. */
    private boolean interruptsHeld;
    /** Counts boards: a monitor sees a reboot as a change of this number. */
    private int generation;
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
            if (log.enabled(GuestLog.Item.INT) || log.enabled(GuestLog.Item.MMU)) {
                cpu.setInterruptObserver(log::interrupt);
            }
            cpu.setBlockObserver(log.blockObserver());
            cpu.setInterruptController(new InterruptController() {
                @Override
                public boolean interruptPending() {
                    return !interruptsHeld && pic.interruptPending();
                }

                @Override
                public int acknowledgeInterrupt() {
                    int vector = pic.acknowledgeInterrupt();
                    log.hardwareInterrupt(vector);
                    return vector;
                }
            });
            pic.attach(io);
            pit = new I8254Pit(clock, pic);
            pit.attach(io);
            new SystemControlPort(pit, clock).attach(io);
            rtc = new Mc146818Rtc(clock, pic, config.rtcEpochSeconds(), config.ramBytes());
            rtc.attach(io);
            new I8042Controller(pic, Machine.this).attach(io);
            new FastA20Port(Machine.this).attach(io);
            new PostCodePort().attach(io);
            for (int i = 0; i < SERIAL_PORTS; i++) {
                if (serials[i] != null) {
                    serials[i].reset();
                    serials[i].attach(io);
                    serials[i].connectIrq(pic, SERIAL_IRQS[i]);
                }
            }
            for (DebugConsole d : host.debugConsoles()) {
                d.attach(io);
            }
            if (config.debugExit() != null) {
                new IsaDebugExit(config.debugExit().base(), config.debugExit().size(), Machine.this).attach(io);
            }
            new BochsShutdownPort(status -> shutdown()).attach(io);
            if (log.enabled(GuestLog.Item.GUEST_ERRORS)) {
                claimUnassignedPorts(io);
            }
            timed = List.of(pit, rtc);
        }
    }

    /** guest_errors: every port no device decodes logs its writes and floats, as an open bus does. */
    private void claimUnassignedPorts(IoBus io) {
        IoDevice open = new IoDevice() {
            @Override
            public int ioRead(int port, int size) {
                return size == 4 ? -1 : (1 << (size * 8)) - 1;
            }

            @Override
            public void ioWrite(int port, int size, int value) {
                log.unassignedWrite("I/O port", port, size, value);
            }
        };
        for (int p = 0; p < IoBus.PORT_COUNT; p++) {
            if (io.deviceAt(p) == null) {
                io.register(p, 1, open);
            }
        }
    }

    /**
     * Reads the kernel and modules, builds the machine and loads the kernel; COM1 leads to
     * {@code serial} (null: nowhere), nothing else attached.
     *
     * @throws BootImageException if a file cannot be read or the kernel cannot be booted
     */
    public Machine(MachineConfig config, SerialBackend serial) throws BootImageException {
        this(config, Attachments.com1(serial));
    }

    /**
     * Reads the kernel and modules (or the BIOS image), builds the machine with its host ends
     * and loads the kernel.
     *
     * @throws BootImageException if a file cannot be read or the kernel cannot be booted
     */
    public static Machine build(MachineConfig config, Attachments host) throws BootImageException {
        return new Machine(config, host);
    }

    private Machine(MachineConfig config, Attachments host) throws BootImageException {
        this.config = config;
        this.host = host;
        this.log = host.log();
        if (config.biosPath() != null) {
            this.bios = BiosRom.load(config.biosPath());
            this.image = null;
        } else {
            this.bios = null;
            this.image = MultibootLoader.load(config.kernelPath(), config.append(), config.initrd(), config.ramBytes());
            if (log.blockObserver() != null) {
                log.setSymbols(kernelSymbols(config.kernelPath())::lookup);
            }
        }
        this.memory = new PhysicalMemory((int) config.ramBytes());
        this.clock = new VirtualClock(config.nsPerInstruction(), config.hostClock());
        for (int i = 0; i < SERIAL_PORTS; i++) {
            SerialBackend line = host.serial(i);
            serials[i] = line == null ? null : new Uart16550(SERIAL_BASES[i], gated(line));
        }
        if (bios != null) {
            bios.map(memory, log);
        }
        if (log.enabled(GuestLog.Item.GUEST_ERRORS)) {
            mapAboveRam();
        }
        powerOn();
    }

    /** The kernel's function symbols, which in_asm and exec name code by, as QEMU does. */
    private static ElfSymbols kernelSymbols(String path) {
        try {
            return ElfSymbols.ofMultibootKernel(java.nio.file.Files.readAllBytes(java.nio.file.Path.of(path)));
        } catch (java.io.IOException | RuntimeException e) {
            // The loader has just read it; if it is gone now, the log names nothing.
            return ElfSymbols.NONE;
        }
    }

    /** Once the machine is off nothing leaves it, even if the processor finishes its block. */
    private SerialBackend gated(SerialBackend line) {
        return new SerialBackend() {
            @Override
            public void transmit(int b) {
                if (!poweredOff && line != null) {
                    line.transmit(b);
                }
            }

            @Override
            public void flush() {
                if (line != null) {
                    line.flush();
                }
            }
        };
    }

    /** guest_errors: physical addresses from the end of RAM up to the BIOS (or 4 GiB) log their writes. */
    private void mapAboveRam() {
        long start = config.ramBytes();
        long end = bios == null ? 0xFFFF_FFFFL : 0x1_0000_0000L - bios.size();
        memory.mapMmio((int) start, (int) (end - start), new MmioDevice() {
            @Override
            public int mmioRead(int pa, int size) {
                return size == 4 ? -1 : (1 << (size * 8)) - 1;
            }

            @Override
            public void mmioWrite(int pa, int size, int value) {
                log.unassignedWrite("memory above RAM at", pa & 0xFFFF_FFFFL, size, value);
            }
        });
    }

    private void powerOn() {
        Board old = board;
        if (old != null) {
            retiredBefore += old.cpu.instructions();
            // QEMU logs the state the reset interrupts.
            log.cpuReset(old.cpu);
        }
        board = new Board();
        generation++;
        shutDown = false;
        if (old == null) {
            log.cpuReset(board.cpu);
        }
        if (image != null) {
            image.writeTo(memory);
            enter(board.cpu, image.entry());
        }
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

    /** COM1, or null when the machine has none ({@code -serial none}). */
    public Uart16550 com1() {
        return serials[0];
    }

    /** COM2, or null when the machine has none. */
    public Uart16550 com2() {
        return serials[1];
    }

    /** Serial port {@code index} (0 is COM1, 3 is COM4), or null when the machine has none there. */
    public Uart16550 serial(int index) {
        return serials[index];
    }

    public DualPic pic() {
        return board.pic;
    }

    /** Changes at every reboot: the processor and devices are new ones then. */
    public int generation() {
        return generation;
    }

    public GuestLog log() {
        return log;
    }

    public VirtualClock clock() {
        return clock;
    }

    public BootImage bootImage() {
        return image;
    }

    /** True once the guest has shut down under {@code -no-shutdown}; only a reset runs it again. */
    public boolean isShutDown() {
        return shutDown;
    }

    /** True once the guest has ended the run (isa-debug-exit, or a shutdown without {@code -no-shutdown}). */
    public boolean isPoweredOff() {
        return poweredOff;
    }

    /** The exit status the guest asked for, once {@link #isPoweredOff}. */
    public int exitStatus() {
        return exitStatus;
    }

    /**
     * Holds external interrupts off, or lets them through again (a debugger's single step). The
     * guest sees nothing of it: EFLAGS.IF and the PIC keep their state. Emulator thread only.
     */
    public void holdInterrupts(boolean held) {
        interruptsHeld = held;
    }

    /**
     * The monitor's system_reset, at once (the machine may be stopped): as the guest's own reset,
     * so a shutdown under -no-reboot, as in QEMU 7.2. Only with nothing running.
     */
    public void systemReset() {
        resetRequested = false;
        if (config.noReboot()) {
            shutdown();
        } else {
            powerOn();
        }
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

    /** Withdraws a {@link #requestStop} that no run acted on (see GuestExecution). Emulator thread. */
    public void clearStopRequest() {
        stopRequested = false;
        board.cpu.clearStopRequest();
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

    /**
     * The guest shut the machine down (a reset under -no-reboot, the Bochs shutdown port): the
     * run ends with status 0, or under -no-shutdown the machine stops until a reset.
     */
    void shutdown() {
        if (config.noShutdown()) {
            shutDown = true;
            board.cpu.requestStop();
        } else {
            powerOff(0);
        }
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
                        shutdown();
                        if (shutDown) {
                            return new RunResult(RunResult.Kind.STOPPED, 0, instructions() - startRetired);
                        }
                    } else {
                        powerOn();
                    }
                    continue;
                }
                if (shutDown) {
                    return new RunResult(RunResult.Kind.STOPPED, 0, instructions() - startRetired);
                }
                if (used >= budget) {
                    return new RunResult(RunResult.Kind.BUDGET, 0, instructions() - startRetired);
                }
                for (Uart16550 u : serials) {
                    if (u != null) {
                        u.pumpInput();
                    }
                }
                long deadline = advanceTimers();
                long slice = Math.min(SLICE, budget - used);
                if (deadline != TimedDevice.NEVER) {
                    slice = Math.min(slice, clock.instructionsUntil(deadline));
                }
                Cpu cpu = board.cpu;
                used += cpu.run(slice);
                if (cpu.shutdown()) {
                    // Triple fault: the processor asserts SHUTDOWN and the board resets it.
                    log.tripleFault();
                    resetRequested = true;
                    continue;
                }
                if (cpu.halted() && !poweredOff && !shutDown && !stopRequested && !resetRequested) {
                    used += idle(cpu, interactive);
                    if (!interactive && cpu.halted() && !canWake(cpu)) {
                        return new RunResult(RunResult.Kind.HUNG, 0, instructions() - startRetired);
                    }
                }
            }
        } finally {
            flushAll();
        }
    }

    /** Pushes out what the serial lines, debug consoles and log hold. */
    public void flushAll() {
        for (Uart16550 u : serials) {
            if (u != null) {
                u.backend().flush();
            }
        }
        for (DebugConsole d : host.debugConsoles()) {
            d.flush();
        }
        log.flush();
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
        return (cpu.eflags() & Eflags.IF) != 0 && (nextDeadline() != TimedDevice.NEVER || hostInputPending());
    }

    private boolean hostInputPending() {
        for (Uart16550 u : serials) {
            if (u != null && u.hostInputPending()) {
                return true;
            }
        }
        return false;
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
        flushAll();
        long deadline = nextDeadline();
        if ((cpu.eflags() & Eflags.IF) != 0 && deadline != TimedDevice.NEVER) {
            long skip = Math.max(0, deadline - clock.nanos());
            if (interactive || clock.followsHost()) {
                // Host time only moves by waiting for it.
                sleepHost(skip);
            }
            clock.skip(skip);
            return Math.max(1, skip / clock.nsPerInstruction());
        }
        if (interactive && !hostInputPending()) {
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
