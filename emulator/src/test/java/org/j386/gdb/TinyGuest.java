package org.j386.gdb;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.InterruptController;
import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * A flat protected-mode guest for the stub's tests, built directly on PhysicalMemory, Mmu, IoBus
 * and Cpu, served by a {@link CpuDebugTarget} on its own emulator thread and a {@link GdbServer}
 * on an ephemeral loopback port.
 *
 * <pre>
 * 0x1000  40              inc eax
 * 0x1001  a3 00 20 00 00  mov [0x2000], eax
 * 0x1006  43              inc ebx
 * 0x1007  eb f7           jmp 0x1000
 * 0x3000  cf              iret               (handler of vector 0x20, IDT at 0x4000)
 * 0x5000  GDT: null, 0x08 flat 32-bit code, 0x10 flat data
 * </pre>
 */
final class TinyGuest implements AutoCloseable {
    static final int LOOP = 0x1000;
    static final int STORE = 0x1001;
    static final int INC_EBX = 0x1006;
    static final int JMP = 0x1007;
    static final int DATA = 0x2000;
    static final int HANDLER = 0x3000;
    static final int IDT = 0x4000;
    static final int VECTOR = 0x20;
    static final int GDT = 0x5000;
    static final int STACK_TOP = 0x8000;
    /** Page directory and one page table mapping the first 1 MiB, used by {@link #enablePaging}. */
    static final int PAGE_DIR = 0x10000;
    static final int PAGE_TABLE = 0x11000;
    static final int MAPPED_PAGES = 256;

    private static final int FLAT_CODE = 0x00CF9B00;
    private static final int FLAT_DATA = 0x00CF9300;
    private static final int PTE_P_RW = 0x3;
    private static final int GATE_INTERRUPT_32 = 0x8E00;

    final PhysicalMemory memory = new PhysicalMemory(2 << 20);
    final Mmu mmu = new Mmu(memory);
    final Cpu cpu = new Cpu(mmu, new IoBus());
    final OneShotPic pic = new OneShotPic();
    final CpuDebugTarget target;
    private final CountingExecution execution;
    final CountDownLatch killed = new CountDownLatch(1);
    private final Thread emulator;
    private GdbServer server;

    /** An interrupt source that raises vector 0x20 once per {@link #raise}. */
    static final class OneShotPic implements InterruptController {
        volatile boolean pending;
        volatile int acknowledged;

        void raise() {
            pending = true;
        }

        @Override
        public boolean interruptPending() {
            return pending;
        }

        @Override
        public int acknowledgeInterrupt() {
            pending = false;
            acknowledged++;
            return VECTOR;
        }
    }

    /**
     * The processor as the target runs it, counting the instructions it retires so that a test can
     * wait for the guest to make progress instead of guessing how long that takes.
     */
    private static final class CountingExecution implements GuestExecution {
        private final GuestExecution inner;
        /** Guarded by this. */
        private long retired;

        CountingExecution(GuestExecution inner) {
            this.inner = inner;
        }

        @Override
        public long run(long budget) {
            long n = inner.run(budget);
            if (n > 0) {
                synchronized (this) {
                    retired += n;
                    notifyAll();
                }
            }
            return n;
        }

        synchronized long retired() {
            return retired;
        }

        /** Waits until {@code count} instructions have retired in all; false after {@code timeoutMs}. */
        synchronized boolean awaitRetired(long count, long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (retired < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }

        @Override
        public Cpu cpu() {
            return inner.cpu();
        }

        @Override
        public void requestStop() {
            inner.requestStop();
        }

        @Override
        public void clearStopRequest() {
            inner.clearStopRequest();
        }

        @Override
        public void holdInterrupts(boolean held) {
            inner.holdInterrupts(held);
        }

        @Override
        public boolean ended() {
            return inner.ended();
        }

        @Override
        public int exitStatus() {
            return inner.exitStatus();
        }
    }

    TinyGuest(boolean startHeld) {
        byte[] code = {0x40, (byte) 0xA3, 0x00, 0x20, 0x00, 0x00, 0x43, (byte) 0xEB, (byte) 0xF7};
        memory.load(LOOP, code, 0, code.length);
        memory.write8(HANDLER, 0xCF);
        // SDM Vol. 3A 6.11: a 32-bit interrupt gate to 0008:HANDLER.
        memory.write32(IDT + VECTOR * 8, (8 << 16) | (HANDLER & 0xFFFF));
        memory.write32(IDT + VECTOR * 8 + 4, (HANDLER & 0xFFFF0000) | GATE_INTERRUPT_32);
        memory.write32(GDT + 8, 0x0000FFFF);
        memory.write32(GDT + 12, FLAT_CODE);
        memory.write32(GDT + 16, 0x0000FFFF);
        memory.write32(GDT + 20, FLAT_DATA);
        cpu.setGdtr(GDT, 3 * 8 - 1);
        cpu.setCr(0, Cr0.PE);
        cpu.setIdtr(IDT, 256 * 8 - 1);
        cpu.loadSegmentCache(Cpu.CS, 8, 0, 0xFFFFFFFF, FLAT_CODE);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.loadSegmentCache(s, 0x10, 0, 0xFFFFFFFF, FLAT_DATA);
        }
        cpu.setReg(Cpu.ESP, STACK_TOP);
        cpu.setEip(LOOP);
        cpu.setEflags(0x2);
        execution = new CountingExecution(new CpuExecution(cpu, pic));
        target = new CpuDebugTarget(execution, startHeld, killed::countDown);
        emulator = new Thread(target::runEmulator, "tiny-guest");
        emulator.setDaemon(true);
    }

    /** Identity-maps the first 1 MiB with 4 KiB pages and turns paging on (before {@link #start}). */
    void enablePaging() {
        memory.write32(PAGE_DIR, PAGE_TABLE | PTE_P_RW);
        for (int i = 0; i < MAPPED_PAGES; i++) {
            memory.write32(PAGE_TABLE + i * 4, (i << 12) | PTE_P_RW);
        }
        cpu.setCr(3, PAGE_DIR);
        cpu.setCr(0, Cr0.PE | Cr0.PG);
    }

    TinyGuest start() throws IOException {
        emulator.start();
        server = GdbServer.start(0, target);
        return this;
    }

    int port() {
        return server.port();
    }

    /** Instructions the guest has retired so far, free-running or for a debugger. */
    long retired() {
        return execution.retired();
    }

    /**
     * Waits (bounded) until the guest has retired {@code more} instructions beyond {@code since}
     * (a {@link #retired} value): proof that it ran, however long the machine took to get to it.
     */
    boolean awaitRun(long since, long more) throws InterruptedException {
        return execution.awaitRetired(since + more, TimeUnit.SECONDS.toMillis(20));
    }

    boolean emulatorAlive() {
        return emulator.isAlive();
    }

    /** Waits (bounded) for the emulator thread to end. */
    boolean awaitEmulatorEnd() throws InterruptedException {
        emulator.join(TimeUnit.SECONDS.toMillis(20));
        return !emulator.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            server.close();
        }
        emulator.interrupt();
        target.interrupt();
        emulator.join(TimeUnit.SECONDS.toMillis(20));
    }
}
