package org.j386.gdb;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.j386.cpu.Cpu;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * The {@link DebugTarget} over a processor. The guest runs on the emulator thread, the one that
 * calls {@link #runEmulator}; every request from the stub is a task handed to that thread through
 * a queue, so guest state is only ever touched there, between instructions. The stub's thread
 * waits for the answer. {@link #interrupt} is the one exception: a flag and a stop request.
 *
 * <p>Breakpoints and watchpoints never enter guest memory (no 0xCC is written): while any is set,
 * {@link #resume} runs one instruction at a time and after each compares the linear PC (CS base +
 * EIP, as QEMU compares its TB pc) with the breakpoints. Watchpoints are the MMU's watched ranges
 * ({@link Mmu#setWatches}): their pages stay out of the data TLBs, so every load and store there
 * is seen, and the first one that matches a watchpoint's kind (write, read, access) stops the
 * guest after that instruction, as a debug-register watchpoint does on x86. Without any
 * breakpoint or watchpoint the guest runs at full speed in slices.
 *
 * <p>Stepping holds external interrupts off through {@link GuestExecution#holdInterrupts} (QEMU's
 * SSTEP_NOIRQ). Stepping a halted processor lets interrupts through and waits, like a
 * continue, until an interrupt wakes it and one instruction of the handler retires (or gdb
 * interrupts).
 */
public final class CpuDebugTarget implements DebugTarget {
    /** Instructions per full-speed slice; between slices the queue of requests is looked at. */
    static final long SLICE = 1 << 16;
    /** Longest wait while the processor is halted, so requests and interrupts are seen promptly. */
    private static final long IDLE_WAIT_MS = 10;
    /** A stale stop request can make one {@code run(1)} retire nothing; retry that many times. */
    private static final int STEP_ATTEMPTS = 3;

    private final GuestExecution exec;
    private final Runnable onKill;
    private final LinkedBlockingQueue<FutureTask<?>> requests = new LinkedBlockingQueue<>();
    private final Object idleLock = new Object();
    private volatile boolean interruptRequested;
    private volatile Thread emulatorThread;
    private volatile boolean finished;
    /** A debugger holds the guest: it runs only inside {@link #step} and {@link #resume}. */
    private volatile boolean held;

    // ---- emulator thread only
    private boolean killed;
    private final List<Breakpoint> codeBreakpoints = new ArrayList<>();
    private final List<Breakpoint> watches = new ArrayList<>();
    /** The watchpoint the last instruction triggered, or null. */
    private StopEvent watchHit;
    /** The MMU the watches were given to (a reboot builds a new one). */
    private Mmu watchedMmu;

    /**
     * @param startHeld {@code -S}: the guest does not run until a debugger resumes it
     * @param onKill    what gdb's kill does after the emulator thread has stopped (exit the process)
     */
    public CpuDebugTarget(GuestExecution exec, boolean startHeld, Runnable onKill) {
        this.exec = exec;
        this.held = startHeld;
        this.onKill = onKill;
    }

    // ================================================================ the emulator thread

    /**
     * The emulator thread's loop: runs the guest while no debugger holds it and serves the
     * debugger's requests. Returns when gdb kills the emulator, when the guest ends or when the
     * thread is interrupted (between slices: {@link Thread#interrupt} then {@link #interrupt}).
     */
    public void runEmulator() {
        emulatorThread = Thread.currentThread();
        try {
            while (!killed && !exec.ended() && !Thread.currentThread().isInterrupted()) {
                if (held) {
                    requests.take().run();
                    continue;
                }
                FutureTask<?> task;
                while ((task = requests.poll()) != null) {
                    task.run();
                }
                if (held || killed) {
                    continue;
                }
                if (exec.run(SLICE) == 0) {
                    task = requests.poll(IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                    if (task != null) {
                        task.run();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
            cancelPending();
        }
    }

    /** True once gdb has killed the emulator. */
    public boolean killed() {
        return finished && killed;
    }

    private void cancelPending() {
        FutureTask<?> task;
        while ((task = requests.poll()) != null) {
            task.cancel(false);
        }
    }

    /** Runs {@code request} on the emulator thread and returns its result. */
    private <T> T call(Callable<T> request) {
        if (Thread.currentThread() == emulatorThread) {
            try {
                return request.call();
            } catch (Exception e) {
                throw new IllegalStateException("CpuDebugTarget: request failed", e);
            }
        }
        FutureTask<T> task = new FutureTask<>(request);
        requests.add(task);
        if (!held) {
            exec.requestStop();
        }
        if (finished) {
            cancelPending();
        }
        try {
            return task.get();
        } catch (CancellationException e) {
            throw new IllegalStateException("CpuDebugTarget: the emulator thread has stopped");
        } catch (ExecutionException e) {
            throw new IllegalStateException("CpuDebugTarget: request failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("CpuDebugTarget: interrupted waiting for the emulator thread");
        }
    }

    // ================================================================ registers and memory

    @Override
    public byte[] readRegister(int n) {
        checkRegister(n);
        return call(() -> CpuRegisters.read(exec.cpu(), n));
    }

    @Override
    public boolean writeRegister(int n, byte[] value) {
        checkRegister(n);
        return call(() -> CpuRegisters.write(exec.cpu(), n, value));
    }

    private static void checkRegister(int n) {
        if (n < 0 || n >= I386Registers.COUNT) {
            throw new IllegalArgumentException("CpuDebugTarget: no register " + n);
        }
    }

    @Override
    public byte[] readMemory(int address, int length) {
        return call(() -> {
            Mmu mmu = exec.cpu().mmu();
            int[] pa = translateAll(mmu, address, length);
            if (pa == null) {
                return null;
            }
            byte[] out = new byte[length];
            for (int i = 0; i < length; i++) {
                out[i] = (byte) mmu.memory().read8(pa[i]);
            }
            return out;
        });
    }

    @Override
    public boolean writeMemory(int address, byte[] data) {
        return call(() -> {
            Mmu mmu = exec.cpu().mmu();
            int[] pa = translateAll(mmu, address, data.length);
            if (pa == null) {
                return false;
            }
            // Through PhysicalMemory so the decode cache hears of writes to code.
            for (int i = 0; i < data.length; i++) {
                mmu.memory().write8(pa[i], data[i]);
            }
            return true;
        });
    }

    /**
     * Physical addresses of {@code length} bytes from linear {@code address}, or null if one is
     * unmapped, lies where nothing is decoded, or the range wraps past 4 GiB: where QEMU's debug
     * access fails with E14. "Nothing decoded" is physical memory above RAM outside the legacy
     * hole (the isapc board maps nothing there); the hole itself reads as the bus gives it.
     */
    private static int[] translateAll(Mmu mmu, int address, int length) {
        if ((address & 0xFFFFFFFFL) + length > 1L << 32) {
            return null;
        }
        int ramSize = mmu.memory().ramSize();
        int[] pa = new int[length];
        long page = -1;
        for (int i = 0; i < length; i++) {
            int lin = address + i;
            if (i == 0 || (lin & PhysicalMemory.PAGE_MASK) == 0) {
                page = mmu.debugTranslate(lin);
                if (page < 0) {
                    return null;
                }
                page -= lin & PhysicalMemory.PAGE_MASK;
            }
            pa[i] = (int) (page + (lin & PhysicalMemory.PAGE_MASK));
            if (Integer.compareUnsigned(pa[i], ramSize) >= 0 && !inLegacyHole(pa[i])) {
                return null;
            }
        }
        return pa;
    }

    private static boolean inLegacyHole(int pa) {
        return pa >= PhysicalMemory.LEGACY_HOLE_START && pa < PhysicalMemory.LEGACY_HOLE_END;
    }

    // ================================================================ breakpoints

    @Override
    public boolean supports(Breakpoint.Type type) {
        return true;
    }

    @Override
    public boolean insert(Breakpoint bp) {
        if (!supports(bp.type()) || bp.length() <= 0) {
            return false;
        }
        return call(() -> {
            if (bp.type().isWatchpoint()) {
                if (!watches.contains(bp)) {
                    watches.add(bp);
                    applyWatches();
                }
            } else if (!codeBreakpoints.contains(bp)) {
                codeBreakpoints.add(bp);
            }
            return true;
        });
    }

    @Override
    public boolean remove(Breakpoint bp) {
        return call(() -> {
            if (bp.type().isWatchpoint()) {
                boolean removed = watches.remove(bp);
                applyWatches();
                return removed;
            }
            return codeBreakpoints.remove(bp);
        });
    }

    /** Hands the watched ranges to the current MMU (again after a reboot gave the guest a new one). */
    private void applyWatches() {
        Mmu mmu = exec.cpu().mmu();
        if (watchedMmu != null && watchedMmu != mmu) {
            watchedMmu.setWatches(new int[0], new int[0], null);
        }
        int[] starts = new int[watches.size()];
        int[] lengths = new int[watches.size()];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = watches.get(i).address();
            lengths[i] = watches.get(i).length();
        }
        mmu.setWatches(starts, lengths, this::accessed);
        watchedMmu = mmu;
        watchHit = null;
    }

    /** From the MMU, on the emulator thread, inside an instruction: remember the first match. */
    private void accessed(int linear, int size, int kind) {
        if (watchHit != null) {
            return;
        }
        long a = linear & 0xFFFFFFFFL;
        for (Breakpoint w : watches) {
            long start = w.address() & 0xFFFFFFFFL;
            boolean overlaps = start < a + size && start + w.length() > a;
            boolean kindMatches = w.type() == Breakpoint.Type.ACCESS_WATCH
                    || (w.type() == Breakpoint.Type.WRITE_WATCH) == (kind == Mmu.WRITE);
            if (overlaps && kindMatches) {
                watchHit = StopEvent.watchpoint(w.type(), w.address());
                return;
            }
        }
    }

    /** After an instruction: the watchpoint it triggered, or a breakpoint at the new PC. */
    private StopEvent checkStops() {
        Cpu cpu = exec.cpu();
        if (watchHit != null) {
            StopEvent hit = watchHit;
            watchHit = null;
            return hit;
        }
        int pc = cpu.segBase(Cpu.CS) + cpu.eip();
        for (int i = 0; i < codeBreakpoints.size(); i++) {
            if (codeBreakpoints.get(i).address() == pc) {
                return StopEvent.trap();
            }
        }
        return null;
    }

    // ================================================================ running

    @Override
    public StopEvent step() {
        return call(() -> {
            if (exec.ended()) {
                return StopEvent.exited(exec.exitStatus());
            }
            if (exec.cpu().halted()) {
                return stepHalted();
            }
            exec.holdInterrupts(true);
            try {
                for (int attempt = 0; attempt < STEP_ATTEMPTS; attempt++) {
                    if (exec.run(1) > 0 || exec.ended()) {
                        break;
                    }
                }
            } finally {
                exec.holdInterrupts(false);
            }
            if (exec.ended()) {
                return StopEvent.exited(exec.exitStatus());
            }
            StopEvent watch = checkStops();
            return watch != null && watch.kind() == StopEvent.Kind.WATCH ? watch : StopEvent.trap();
        });
    }

    /** A halted processor retires nothing until an interrupt wakes it: wait for that, or for gdb. */
    private StopEvent stepHalted() throws InterruptedException {
        while (true) {
            if (exec.ended()) {
                return StopEvent.exited(exec.exitStatus());
            }
            if (interruptRequested) {
                // The stop request interrupt() made before raising the flag was not acted on:
                // withdraw it, or the next continue would stop at once.
                interruptRequested = false;
                exec.clearStopRequest();
                return StopEvent.interrupted();
            }
            if (exec.run(1) > 0) {
                return StopEvent.trap();
            }
            idleWait();
        }
    }

    @Override
    public StopEvent resume() {
        return call(this::runUntilStop);
    }

    private StopEvent runUntilStop() throws InterruptedException {
        if (!watches.isEmpty() && watchedMmu != exec.cpu().mmu()) {
            applyWatches();
        }
        watchHit = null;
        while (true) {
            if (exec.ended()) {
                return StopEvent.exited(exec.exitStatus());
            }
            if (interruptRequested) {
                // The stop request interrupt() made before raising the flag was not acted on:
                // withdraw it, or the next continue would stop at once.
                interruptRequested = false;
                exec.clearStopRequest();
                return StopEvent.interrupted();
            }
            long retired;
            if (codeBreakpoints.isEmpty() && watches.isEmpty()) {
                retired = exec.run(SLICE);
            } else {
                retired = exec.run(1);
                if (retired > 0) {
                    StopEvent stop = checkStops();
                    if (stop != null) {
                        return stop;
                    }
                }
            }
            if (retired == 0) {
                idleWait();
            }
        }
    }

    /** The processor is halted: wait a little, or until {@link #interrupt}. */
    private void idleWait() throws InterruptedException {
        synchronized (idleLock) {
            if (!interruptRequested) {
                idleLock.wait(IDLE_WAIT_MS);
            }
        }
    }

    @Override
    public void interrupt() {
        exec.requestStop();
        interruptRequested = true;
        synchronized (idleLock) {
            idleLock.notifyAll();
        }
    }

    // ================================================================ sessions

    @Override
    public void attach() {
        call(() -> {
            held = true;
            return null;
        });
    }

    @Override
    public void detach() {
        call(() -> {
            codeBreakpoints.clear();
            watches.clear();
            applyWatches();
            interruptRequested = false;
            held = false;
            return null;
        });
    }

    @Override
    public void kill() {
        call(() -> {
            killed = true;
            return null;
        });
        onKill.run();
    }
}
