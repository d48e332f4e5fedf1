package org.j386.cpu;

import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * A bare CPU for the core's tests: RAM, an MMU, an I/O bus and a CPU in flat 32-bit protected
 * mode (or real mode), with a GDT and an IDT whose every gate leads to its own HLT, so a test can
 * tell which exception was delivered from where the CPU halted.
 *
 * <pre>
 *   0x00000  real-mode IVT (vector v -> 0000:HANDLERS + v)
 *   0x01000  GDT: null, code 0x08 (flat 32-bit), data 0x10 (flat), code16 0x18, data16 0x20,
 *            TSS 0x28 (32-bit, available, at TSS)
 *   0x02000  IDT: 256 interrupt gates, vector v -> HANDLERS + v
 *   0x03000  HANDLERS: 256 HLT bytes
 *   0x05000  TSS
 *   0x08000  stack top (ESP)
 *   0x10000  CODE: the instruction under test
 *   0x20000  DATA: scratch memory for operands
 * </pre>
 */
final class TestMachine {
    static final int GDT = 0x1000;
    static final int IDT = 0x2000;
    static final int HANDLERS = 0x3000;
    static final int TSS = 0x5000;
    static final int STACK_TOP = 0x8000;
    static final int CODE = 0x10000;
    static final int DATA = 0x20000;
    static final int CODE32_SEL = 0x08;
    static final int DATA32_SEL = 0x10;
    static final int FLAT_CODE_FLAGS = 0x00CF9B00;
    static final int FLAT_DATA_FLAGS = 0x00CF9300;

    final PhysicalMemory mem;
    final Mmu mmu;
    final IoBus io;
    final Cpu cpu;

    TestMachine() {
        this(4 << 20);
    }

    TestMachine(int ramSize) {
        mem = new PhysicalMemory(ramSize);
        mmu = new Mmu(mem);
        io = new IoBus();
        cpu = new Cpu(mmu, io);
        writeTables();
    }

    private void writeTables() {
        // GDT entries: (limit, base, flags-high-dword)
        put64(GDT + 0x08, 0x0000FFFF, 0x00CF9B00);
        put64(GDT + 0x10, 0x0000FFFF, 0x00CF9300);
        put64(GDT + 0x18, 0x0000FFFF, 0x00009B00);
        put64(GDT + 0x20, 0x0000FFFF, 0x00009300);
        put64(GDT + 0x28, (TSS << 16) | 0x67, 0x00008900);
        for (int v = 0; v < 256; v++) {
            int handler = HANDLERS + v;
            // 32-bit interrupt gate, DPL 3 so INT n works at any CPL, present.
            put64(IDT + v * 8, (CODE32_SEL << 16) | (handler & 0xFFFF), (handler & 0xFFFF0000) | 0xEE00);
            mem.write8(HANDLERS + v, 0xF4);
            mem.write16(v * 4, handler & 0xFFFF);
            mem.write16(v * 4 + 2, 0);
        }
    }

    private void put64(int addr, int lo, int hi) {
        mem.write32(addr, lo);
        mem.write32(addr + 4, hi);
    }

    /** Flat 32-bit protected mode at CPL 0, paging off, EIP = CODE. */
    TestMachine flat32() {
        cpu.setCr(0, Cr0.PE | Cr0.ET);
        cpu.setGdtr(GDT, 0x2F);
        cpu.setIdtr(IDT, 256 * 8 - 1);
        cpu.loadSegmentCache(Cpu.CS, CODE32_SEL, 0, 0xFFFFFFFF, FLAT_CODE_FLAGS);
        for (int s : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.loadSegmentCache(s, DATA32_SEL, 0, 0xFFFFFFFF, FLAT_DATA_FLAGS);
        }
        cpu.setEflags(Eflags.FIXED_1);
        cpu.setReg(Cpu.ESP, STACK_TOP);
        cpu.setEip(CODE);
        return this;
    }

    /** Real mode with every segment at 0, EIP = CODE (a 64 KiB segment at CODE for CS). */
    TestMachine real() {
        cpu.loadSegmentCache(Cpu.CS, CODE >>> 4, CODE, 0xFFFF, 0x00009B00);
        for (int s : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.loadSegmentCache(s, 0, 0, 0xFFFF, 0x00009300);
        }
        cpu.setIdtr(0, 0x3FF);
        cpu.setEflags(Eflags.FIXED_1);
        cpu.setReg(Cpu.ESP, STACK_TOP);
        cpu.setEip(0);
        return this;
    }

    void load(int addr, byte[] bytes) {
        mem.load(addr, bytes, 0, bytes.length);
    }

    static byte[] hex(String s) {
        String t = s.replaceAll("\\s+", "");
        byte[] b = new byte[t.length() / 2];
        for (int k = 0; k < b.length; k++) {
            b[k] = (byte) Integer.parseInt(t.substring(2 * k, 2 * k + 2), 16);
        }
        return b;
    }

    CodeCache cache() {
        return cpu.cache;
    }

    /** The vector whose handler EIP is at (an exception or interrupt was just delivered), else -1. */
    int deliveredVector() {
        int at = cpu.segBase(Cpu.CS) + cpu.eip();
        return at >= HANDLERS && at < HANDLERS + 256 ? at - HANDLERS : -1;
    }
}
