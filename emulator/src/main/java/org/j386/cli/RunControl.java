package org.j386.cli;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.j386.machine.Machine;
import org.j386.monitor.Monitor;
import org.j386.monitor.MonitorException;

/**
 * Who may touch the machine, and whether it runs: the emulator thread's loop, and the monitor's
 * {@link Monitor.Control}.
 *
 * <p>One fair lock guards the machine. The emulator thread holds it while the machine runs
 * ({@link #runLoop}, or {@link #runSlice} under a debugger); a monitor command first asks the
 * run loop to stop at its next slice boundary, then takes the lock, so every command sees the
 * machine between two instructions, with nothing running, and changes it only there. Errors
 * are the monitor's one-line answers; the guest keeps its state.
 *
 * <p>States: running; stopped by {@code stop} or {@code -S} (until {@code cont}); shut down under
 * {@code -no-shutdown} (stopped, and {@code cont} needs a {@code system_reset} first, as QEMU);
 * quitting ({@code quit}, Ctrl-A x: the loop ends with status 0, as QEMU's).
 */
final class RunControl implements Monitor.Control {
    private final Machine machine;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean stopped;
    private volatile boolean quit;
    private Monitor monitor;
    private int monitorGeneration;
    /** Also run (on a thread of its own) when quitting: releases a debugger's hold. */
    private volatile Runnable onQuit;

    RunControl(Machine machine, boolean startStopped) {
        this.machine = machine;
        this.stopped = startStopped;
    }

    /**
     * The emulator thread's loop when no debugger is attached: runs the machine until the guest
     * ends it or the user quits; returns the exit status.
     */
    int runLoop() throws InterruptedException {
        lock.lock();
        try {
            while (true) {
                if (quit) {
                    return 0;
                }
                if (machine.isPoweredOff()) {
                    return machine.exitStatus();
                }
                if (machine.isShutDown()) {
                    stopped = true;
                }
                if (stopped) {
                    machine.flushAll();
                    changed.await();
                    continue;
                }
                machine.runUntilOff();
                // Let a waiting monitor command in: the lock is fair.
                lock.unlock();
                lock.lock();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * One slice for a debugger's run loop: up to {@code budget} instructions unless the monitor
     * has stopped the machine; returns how many retired.
     */
    long runSlice(long budget) {
        lock.lock();
        try {
            if (quit || stopped || machine.isShutDown() || machine.isPoweredOff()) {
                if (machine.isShutDown()) {
                    stopped = true;
                }
                return 0;
            }
            return machine.run(budget).instructions();
        } finally {
            lock.unlock();
        }
    }

    /** {@code action} runs on a thread of its own at quit (a debugger's hold must end for the loop to see it). */
    void onQuit(Runnable action) {
        onQuit = action;
    }

    /** True once {@code quit} or Ctrl-A x was asked for. */
    boolean quitRequested() {
        return quit;
    }

    /**
     * Runs one monitor command line with the machine held between two instructions; returns
     * what it prints. Any thread but the emulator thread.
     */
    String execute(String line) {
        machine.requestStop();
        lock.lock();
        try {
            if (monitor == null || monitorGeneration != machine.generation()) {
                // A reboot built a new processor and PIC.
                monitor = new Monitor(machine.cpu(), machine.pic(), this);
                monitorGeneration = machine.generation();
            }
            String out = monitor.execute(line);
            machine.flushAll();
            return out;
        } finally {
            lock.unlock();
        }
    }

    // ---- Monitor.Control: called by the monitor with the lock held ----

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public void cont() {
        if (machine.isShutDown()) {
            throw new MonitorException("Resetting the Virtual Machine is required");
        }
        stopped = false;
        changed.signalAll();
    }

    @Override
    public boolean running() {
        return !stopped && !machine.isShutDown();
    }

    @Override
    public void systemReset() {
        machine.systemReset();
        changed.signalAll();
    }

    @Override
    public void quit() {
        quit = true;
        machine.requestStop();
        Runnable r = onQuit;
        if (r != null) {
            Thread t = new Thread(r, "j386-quit");
            t.setDaemon(true);
            t.start();
        }
        if (lock.isHeldByCurrentThread()) {
            changed.signalAll();
        } else {
            lock.lock();
            try {
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
