package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.ACCESSED;
import static org.j386.cpu.Descriptors.CODE;
import static org.j386.cpu.Descriptors.DB;
import static org.j386.cpu.Descriptors.DPL_SHIFT;
import static org.j386.cpu.Descriptors.G;
import static org.j386.cpu.Descriptors.P;
import static org.j386.cpu.Descriptors.READABLE;
import static org.j386.cpu.Descriptors.S;
import static org.j386.cpu.Descriptors.TYPE_SHIFT;
import static org.j386.cpu.Descriptors.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Eflags;
import org.j386.cpu.Fault;
import org.j386.cpu.Interrupts;
import org.j386.cpu.SystemInstructions;
import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * A bare machine for the protected-mode tests: RAM, MMU, I/O bus and CPU, with a GDT that has
 * flat 4 GiB code and data segments for every ring, two 32-bit TSSs, a 16-bit TSS and an LDT,
 * an empty IDT, and helpers to write descriptors and gates by hand.
 *
 * <pre>
 *  GDT selectors                       physical memory
 *  0x08 code ring 0   0x10 data ring 0     0x10000 GDT (32 entries)
 *  0x19 code ring 1   0x21 data ring 1     0x11000 IDT (256 gates)
 *  0x2A code ring 2   0x32 data ring 2     0x12000 LDT (16 entries)
 *  0x3B code ring 3   0x43 data ring 3     0x13000 TSS A (TR after enterProtectedMode)
 *  0x48 TSS A         0x50 TSS B           0x14000 TSS B
 *  0x58 LDT           0x60 TSS16           0x15000 16-bit TSS
 *  0x68 code16 ring 0 0x70 data16 ring 0   0x6F000 ring-0 stack top (TSS A ESP0)
 *  0x80.. free for a test (index 16-31)    0x7F000 ring-1/2 stacks, 0x8F000 ring-3 stack
 * </pre>
 */
final class Rig {
    static final int RAM = 4 << 20;
    static final int GDT = 0x10000;
    static final int GDT_ENTRIES = 32;
    static final int IDT = 0x11000;
    static final int LDT = 0x12000;
    static final int LDT_ENTRIES = 16;
    static final int TSS_A = 0x13000;
    static final int TSS_B = 0x14000;
    static final int TSS16 = 0x15000;
    static final int STACK0_TOP = 0x6F000;
    static final int STACK1_TOP = 0x77000;
    static final int STACK2_TOP = 0x7F000;
    static final int STACK3_TOP = 0x8F000;

    static final int CODE0 = 0x08;
    static final int DATA0 = 0x10;
    static final int CODE1 = 0x19;
    static final int DATA1 = 0x21;
    static final int CODE2 = 0x2A;
    static final int DATA2 = 0x32;
    static final int CODE3 = 0x3B;
    static final int DATA3 = 0x43;
    static final int SEL_TSS_A = 0x48;
    static final int SEL_TSS_B = 0x50;
    static final int SEL_LDT = 0x58;
    static final int SEL_TSS16 = 0x60;
    static final int CODE16 = 0x68;
    static final int DATA16 = 0x70;
    /** The first GDT index a test may fill. */
    static final int FREE = 16;

    static final int FLAT = 0xFFFFF;
    /** Attributes of flat 32-bit segments (4 KiB granularity), DPL added by {@link #dpl}. */
    static final int CODE32 = P | S | CODE | READABLE | DB | G;
    static final int DATA32 = P | S | WRITABLE | DB | G;
    static final int CODE16_ATTR = P | S | CODE | READABLE;
    static final int DATA16_ATTR = P | S | WRITABLE;

    final PhysicalMemory mem = new PhysicalMemory(RAM);
    final Mmu mmu = new Mmu(mem);
    final IoBus io = new IoBus();
    final Cpu cpu = new Cpu(mmu, io);

    static int dpl(int level) {
        return level << DPL_SHIFT;
    }

    static int systemAttr(int type, int dpl) {
        return P | (type << TYPE_SHIFT) | dpl(dpl);
    }

    /** A descriptor from base, raw 20-bit limit and attributes in high-dword form. */
    static long descriptor(int base, int rawLimit, int attr) {
        int lo = (base << 16) | (rawLimit & 0xFFFF);
        int hi = (base & 0xFF000000) | ((base >>> 16) & 0xFF) | (rawLimit & 0x000F0000) | attr;
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    /** A gate: type (call, task, interrupt, trap), DPL, target selector, offset, parameter count. */
    static long gate(int type, int dpl, int selector, int offset, int params) {
        int lo = (selector << 16) | (offset & 0xFFFF);
        int hi = (offset & 0xFFFF0000) | systemAttr(type, dpl) | params;
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    void setGdt(int index, long d) {
        write64(GDT + 8 * index, d);
    }

    long gdtEntry(int index) {
        return (mem.read32(GDT + 8 * index) & 0xFFFFFFFFL) | ((long) mem.read32(GDT + 8 * index + 4) << 32);
    }

    void setLdt(int index, long d) {
        write64(LDT + 8 * index, d);
    }

    void setIdt(int vector, long gate) {
        write64(IDT + 8 * vector, gate);
    }

    private void write64(int pa, long d) {
        mem.write32(pa, (int) d);
        mem.write32(pa + 4, (int) (d >>> 32));
    }

    /** Fills the GDT, IDTR, both 32-bit TSSs' ring stacks, enters protected mode at CPL 0 and loads TR with TSS A. */
    Rig enterProtectedMode() {
        setGdt(CODE0 >> 3, descriptor(0, FLAT, CODE32 | dpl(0)));
        setGdt(DATA0 >> 3, descriptor(0, FLAT, DATA32 | dpl(0)));
        setGdt(CODE1 >> 3, descriptor(0, FLAT, CODE32 | dpl(1)));
        setGdt(DATA1 >> 3, descriptor(0, FLAT, DATA32 | dpl(1)));
        setGdt(CODE2 >> 3, descriptor(0, FLAT, CODE32 | dpl(2)));
        setGdt(DATA2 >> 3, descriptor(0, FLAT, DATA32 | dpl(2)));
        setGdt(CODE3 >> 3, descriptor(0, FLAT, CODE32 | dpl(3)));
        setGdt(DATA3 >> 3, descriptor(0, FLAT, DATA32 | dpl(3)));
        setGdt(SEL_TSS_A >> 3, descriptor(TSS_A, 0x67, systemAttr(Descriptors.TSS32_AVAILABLE, 0)));
        setGdt(SEL_TSS_B >> 3, descriptor(TSS_B, 0x67, systemAttr(Descriptors.TSS32_AVAILABLE, 0)));
        setGdt(SEL_LDT >> 3, descriptor(LDT, 8 * LDT_ENTRIES - 1, systemAttr(Descriptors.LDT, 0)));
        setGdt(SEL_TSS16 >> 3, descriptor(TSS16, 0x2B, systemAttr(Descriptors.TSS16_AVAILABLE, 0)));
        setGdt(CODE16 >> 3, descriptor(0, 0xFFFF, CODE16_ATTR | dpl(0)));
        setGdt(DATA16 >> 3, descriptor(0, 0xFFFF, DATA16_ATTR | dpl(0)));
        fillTssStacks(TSS_A);
        fillTssStacks(TSS_B);
        mem.write16(TSS_A + 0x66, 0x68);
        mem.write16(TSS_B + 0x66, 0x68);
        cpu.setGdtr(GDT, 8 * GDT_ENTRIES - 1);
        cpu.setIdtr(IDT, 8 * 256 - 1);
        cpu.setCr(0, Cr0.PE | Cr0.ET);
        cpu.loadSegmentCache(Cpu.CS, CODE0, 0, -1, CODE32 | ACCESSED);
        for (int s : new int[] {Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.loadSegmentCache(s, DATA0, 0, -1, DATA32 | ACCESSED);
        }
        cpu.setReg(Cpu.ESP, STACK0_TOP - 0x800);
        cpu.setEflags(Eflags.FIXED_1);
        cpu.setReg(Cpu.EAX, SEL_TSS_A);
        SystemInstructions.group6(cpu, 3, true, Cpu.EAX, 0, 0, true); // LTR AX
        cpu.setReg(Cpu.EAX, 0);
        return this;
    }

    private void fillTssStacks(int tss) {
        mem.write32(tss + 0x04, STACK0_TOP);
        mem.write16(tss + 0x08, DATA0);
        mem.write32(tss + 0x0C, STACK1_TOP);
        mem.write16(tss + 0x10, DATA1);
        mem.write32(tss + 0x14, STACK2_TOP);
        mem.write16(tss + 0x18, DATA2);
    }

    /** Code selector of ring {@code level} in the standard GDT. */
    static int code(int level) {
        return new int[] {CODE0, CODE1, CODE2, CODE3}[level];
    }

    static int data(int level) {
        return new int[] {DATA0, DATA1, DATA2, DATA3}[level];
    }

    /**
     * From CPL 0, drops to ring {@code level} with IRETD (flat code and data of that ring,
     * EIP {@code eip}, ESP {@code esp}, EFLAGS {@code eflags}); DS and ES follow to that ring.
     */
    void enterRing(int level, int eip, int esp, int eflags) {
        push32(data(level));
        push32(esp);
        push32(eflags);
        push32(code(level));
        push32(eip);
        Interrupts.iret(cpu, true);
        assertEquals(level, cpu.cpl(), "enterRing");
        for (int s : new int[] {Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS}) {
            cpu.loadSegmentCache(s, data(level), 0, -1, DATA32 | ACCESSED | dpl(level));
        }
    }

    void push32(int value) {
        int esp = cpu.reg(Cpu.ESP) - 4;
        cpu.setReg(Cpu.ESP, esp);
        mem.write32(cpu.segBase(Cpu.SS) + esp, value);
    }

    /** The dword {@code index} slots above the current ESP (flat stacks only). */
    int stack(int index) {
        return mem.read32(cpu.segBase(Cpu.SS) + cpu.reg(Cpu.ESP) + 4 * index);
    }

    static Fault fault(Runnable r) {
        return assertThrows(Fault.class, r::run);
    }

    static void assertFault(int vector, int errorCode, Runnable r) {
        Fault f = fault(r);
        assertEquals(vector, f.vector(), "vector of " + f.getMessage());
        assertEquals(errorCode, f.errorCode(), "error code of " + f.getMessage());
    }

    /** Installs an interrupt (or trap) gate of {@code type} for {@code vector} to {@code selector:offset}. */
    void idtGate(int vector, int type, int dpl, int selector, int offset) {
        setIdt(vector, gate(type, dpl, selector, offset, 0));
    }
}
