package org.j386.cpu;

import static org.j386.cpu.Descriptors.ACCESSED;
import static org.j386.cpu.Descriptors.AVL;
import static org.j386.cpu.Descriptors.CODE;
import static org.j386.cpu.Descriptors.DB;
import static org.j386.cpu.Descriptors.DPL_MASK;
import static org.j386.cpu.Descriptors.DPL_SHIFT;
import static org.j386.cpu.Descriptors.EXPAND_DOWN;
import static org.j386.cpu.Descriptors.G;
import static org.j386.cpu.Descriptors.P;
import static org.j386.cpu.Descriptors.READABLE;
import static org.j386.cpu.Descriptors.REAL_MODE_DATA;
import static org.j386.cpu.Descriptors.S;
import static org.j386.cpu.Descriptors.SEL_ERROR_MASK;
import static org.j386.cpu.Descriptors.SEL_RPL_MASK;
import static org.j386.cpu.Descriptors.WRITABLE;

import org.j386.mmu.Mmu;

/**
 * Segment register loads and segment access checks (SDM Vol. 3A ch. 3 and 5.1-5.7; Vol. 2 MOV,
 * POP, LDS/LES/LFS/LGS/LSS), plus the stack helpers the far transfers and interrupts share.
 *
 * <p>Real mode (SDM 20.1) changes only the selector and base of a segment register on a load:
 * the limit and the D/B and G bits stay as the last protected-mode descriptor left them (the
 * "unreal mode" every 386 and Bochs show). V86 mode (SDM 20.2) loads a 64 KiB, DPL 3,
 * writable data segment. Far transfers (JMP, CALL, RET) live in {@link FarTransfers}.
 *
 * <p>In real mode only limits are checked, not types: SDM table 9-1 makes CS a read/write segment
 * after RESET although its cache shows the code type QEMU prints (9B00h), and every real-mode load
 * yields writable data anyway.
 */
public final class Segmentation {
    private Segmentation() { }

    /**
     * {@code segFlags} bits a read's fast path tests: present, code/data, code, expand-down.
     * A present expand-up data segment is always readable.
     */
    static final int READ_FAST_MASK = P | S | CODE | EXPAND_DOWN;
    static final int READ_FAST_VALUE = P | S;
    /** The same for writes: also W must be set. */
    static final int WRITE_FAST_MASK = P | S | CODE | EXPAND_DOWN | WRITABLE;
    static final int WRITE_FAST_VALUE = P | S | WRITABLE;
    /** A 4 GiB expand-up segment: offsets wrap around inside it (as Bochs' 4G fast path). */
    private static final long FULL_LIMIT = 0xFFFFFFFFL;
    private static final long UPPER_BOUND_16 = 0xFFFFL;
    private static final int REAL_MODE_LIMIT = 0xFFFF;
    /** Bits a real-mode load keeps from the previous descriptor (SDM 9.9.2: limits survive). */
    private static final int REAL_MODE_KEPT = DB | G | AVL | DPL_MASK;
    private static final int V86_ATTRIBUTES = REAL_MODE_DATA | (3 << DPL_SHIFT);
    private static final int REAL_MODE_SHIFT = 4;
    static final int SELECTOR_MASK = 0xFFFF;
    /** SP: the stack pointer of a 16-bit (B = 0) stack segment. */
    private static final int SP_MASK = 0xFFFF;
    private static final int ESP_MASK = -1;

    // ---------------------------------------------------------------- loads

    /**
     * MOV/POP Sreg, LDS/LES/LFS/LGS/LSS (SDM Vol. 2 MOV, SDM Vol. 3A 5.4.1, 5.5, 5.6): loads
     * {@code sreg} (ES, SS, DS, FS or GS) with {@code selector}. In protected mode: a null
     * selector marks DS..GS unusable and raises #GP(0) for SS; an index beyond the table,
     * a wrong type or privilege raises #GP(selector); a not-present segment raises #NP(selector)
     * or #SS(selector) for SS. Sets the accessed bit of the descriptor in memory.
     * CS is loaded by far transfers only ({@link FarTransfers}); MOV to CS is #UD in the decoder.
     */
    public static void loadSegment(Cpu cpu, int sreg, int selector) {
        selector &= SELECTOR_MASK;
        if (!cpu.protectedMode() || cpu.v86()) {
            loadReal(cpu, sreg, selector);
            return;
        }
        if (sreg == Cpu.CS) {
            throw new IllegalArgumentException("Segmentation.loadSegment: CS is loaded by far transfers");
        }
        if (Descriptors.isNull(selector)) {
            if (sreg == Cpu.SS) {
                throw cpu.fault.with(Fault.GP, 0);
            }
            loadNull(cpu, sreg, selector);
            return;
        }
        long d = Descriptors.fetch(cpu, selector, Fault.GP);
        int attr = Descriptors.attributes(d);
        int rpl = selector & SEL_RPL_MASK;
        int dpl = Descriptors.dpl(attr);
        int error = selector & SEL_ERROR_MASK;
        if (sreg == Cpu.SS) {
            if (rpl != cpu.cpl || dpl != cpu.cpl || !Descriptors.isWritableData(attr)) {
                throw cpu.fault.with(Fault.GP, error);
            }
            if (!Descriptors.present(attr)) {
                throw cpu.fault.with(Fault.SS, error);
            }
        } else {
            if (!Descriptors.isReadable(attr)) {
                throw cpu.fault.with(Fault.GP, error);
            }
            // SDM 5.6: data and non-conforming code need DPL >= max(CPL, RPL)
            if (!Descriptors.isConformingCode(attr) && (rpl > dpl || cpu.cpl > dpl)) {
                throw cpu.fault.with(Fault.GP, error);
            }
            if (!Descriptors.present(attr)) {
                throw cpu.fault.with(Fault.NP, error);
            }
        }
        loadDescriptor(cpu, sreg, selector, d);
    }

    /** Fills {@code sreg}'s cache from a checked descriptor and sets its accessed bit in memory. */
    static void loadDescriptor(Cpu cpu, int sreg, int selector, long d) {
        Descriptors.touch(cpu, selector, d);
        cpu.loadSegmentCache(sreg, selector, Descriptors.base(d), Descriptors.limit(d),
                Descriptors.attributes(d) | ACCESSED);
    }

    /**
     * A null selector in DS, ES, FS or GS (SDM 5.4.1): the register holds it and any access
     * through it raises #GP(0). The hidden part is cleared as QEMU clears it, so register
     * dumps match; nothing architectural depends on it (SDM 9.9.2 has software reload every
     * segment register before it returns to real mode).
     */
    static void loadNull(Cpu cpu, int sreg, int selector) {
        cpu.loadSegmentCache(sreg, selector, 0, 0, 0);
    }

    /** A real-mode or V86 load (SDM 20.1.1, 20.2.1): base = selector * 16. */
    static void loadReal(Cpu cpu, int sreg, int selector) {
        int base = selector << REAL_MODE_SHIFT;
        if (cpu.v86()) {
            cpu.loadSegmentCache(sreg, selector, base, REAL_MODE_LIMIT, V86_ATTRIBUTES);
        } else {
            int kept = cpu.segFlags[sreg] & REAL_MODE_KEPT;
            cpu.loadSegmentCache(sreg, selector, base, cpu.segLimit[sreg], REAL_MODE_DATA | kept);
        }
    }

    // ---------------------------------------------------------------- access checks

    /**
     * Checks a read of {@code size} bytes at {@code offset} through {@code sreg} (SDM 5.3, 5.4.1):
     * an unusable (null) segment or an execute-only code segment raises #GP(0); an offset outside
     * the limit raises #SS(0) through SS and #GP(0) otherwise.
     *
     * <p>Call it before every data read with the offset as the instruction computed it, then
     * translate with {@code cpu.linear}. The common case — a present expand-up data segment and
     * an offset inside its limit — is two array loads, a mask compare and a 64-bit compare, and
     * the JIT inlines it; everything else goes to a separate method. A flat 4 GiB segment passes
     * every offset but the last {@code size - 1} bytes of the address space, which go the slow
     * way and pass too.
     */
    public static void checkRead(Cpu cpu, int sreg, int offset, int size) {
        if ((cpu.segFlags[sreg] & READ_FAST_MASK) == READ_FAST_VALUE
                && (offset & FULL_LIMIT) + (size - 1) <= (cpu.segLimit[sreg] & FULL_LIMIT)) {
            return;
        }
        checkReadSlow(cpu, sreg, offset, size);
    }

    /**
     * Checks a write, as {@link #checkRead}: code and read-only data segments raise #GP(0)
     * (QEMU 7.2 raises nothing here; the SDM and Bochs do).
     */
    public static void checkWrite(Cpu cpu, int sreg, int offset, int size) {
        if ((cpu.segFlags[sreg] & WRITE_FAST_MASK) == WRITE_FAST_VALUE
                && (offset & FULL_LIMIT) + (size - 1) <= (cpu.segLimit[sreg] & FULL_LIMIT)) {
            return;
        }
        checkWriteSlow(cpu, sreg, offset, size);
    }

    private static void checkReadSlow(Cpu cpu, int sreg, int offset, int size) {
        int attr = cpu.segFlags[sreg];
        if ((attr & P) == 0) {
            throw unusable(cpu, sreg);
        }
        if ((attr & (CODE | READABLE)) == CODE && cpu.protectedMode()) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        if (!withinLimit(attr, cpu.segLimit[sreg], offset, size)) {
            throw limitFault(cpu, sreg);
        }
    }

    private static void checkWriteSlow(Cpu cpu, int sreg, int offset, int size) {
        int attr = cpu.segFlags[sreg];
        if ((attr & P) == 0) {
            throw unusable(cpu, sreg);
        }
        if ((attr & (CODE | WRITABLE)) != WRITABLE && cpu.protectedMode()) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        if (!withinLimit(attr, cpu.segLimit[sreg], offset, size)) {
            throw limitFault(cpu, sreg);
        }
    }

    private static Fault unusable(Cpu cpu, int sreg) {
        return cpu.fault.with(sreg == Cpu.SS ? Fault.SS : Fault.GP, 0);
    }

    private static Fault limitFault(Cpu cpu, int sreg) {
        return cpu.fault.with(sreg == Cpu.SS ? Fault.SS : Fault.GP, 0);
    }

    /**
     * Whether bytes {@code offset .. offset + size - 1} lie inside a segment with attributes
     * {@code attr} and byte limit {@code limit} (SDM 5.3): expand-up segments hold
     * {@code [0, limit]}, expand-down ones {@code (limit, 0xFFFF]} or {@code (limit, 0xFFFFFFFF]}
     * by the B bit. A 4 GiB expand-up segment wraps.
     */
    static boolean withinLimit(int attr, int limit, int offset, int size) {
        long first = offset & FULL_LIMIT;
        long last = first + size - 1;
        long lim = limit & FULL_LIMIT;
        if ((attr & (CODE | EXPAND_DOWN)) == EXPAND_DOWN) {
            long upper = (attr & DB) != 0 ? FULL_LIMIT : UPPER_BOUND_16;
            return first > lim && last <= upper;
        }
        return last <= lim || lim == FULL_LIMIT;
    }

    /** #GP(0) unless {@code eip} lies inside a code segment of byte limit {@code limit} (SDM 5.3). */
    static void checkEip(Cpu cpu, int eip, int limit) {
        if (Integer.compareUnsigned(eip, limit) > 0) {
            throw cpu.fault.with(Fault.GP, 0);
        }
    }

    // ---------------------------------------------------------------- stacks

    /** The offset mask of a stack with attributes {@code attr}: SP for B = 0, ESP for B = 1. */
    static int stackMask(int attr) {
        return (attr & DB) != 0 ? ESP_MASK : SP_MASK;
    }

    /** ESP or SP of the current stack, as the B bit of SS selects. */
    static int stackPointer(Cpu cpu) {
        return cpu.regs[Cpu.ESP] & stackMask(cpu.segFlags[Cpu.SS]);
    }

    /** Writes ESP, or only SP when the stack segment {@code attr} describes is 16-bit. */
    static void setStackPointer(Cpu cpu, int attr, int value) {
        if ((attr & DB) != 0) {
            cpu.regs[Cpu.ESP] = value;
        } else {
            cpu.regs[Cpu.ESP] = (cpu.regs[Cpu.ESP] & ~SP_MASK) | (value & SP_MASK);
        }
    }

    /**
     * Before a multi-slot push: checks that {@code count} slots of {@code size} bytes below
     * {@code sp} fit the stack segment ({@code attr}, {@code limit}) — else {@code vector}
     * with {@code errorCode} — and probes their pages for writing at the given privilege, so the
     * pushes that follow cannot fault halfway (SDM 6.12.1: a fault leaves no partial frame).
     */
    static void checkPush(Cpu cpu, int attr, int limit, int base, int sp, int count, int size,
                          boolean asUser, int vector, int errorCode) {
        int mask = stackMask(attr);
        for (int k = 1; k <= count; k++) {
            if (!withinLimit(attr, limit, (sp - k * size) & mask, size)) {
                throw cpu.fault.with(vector, errorCode);
            }
        }
        int lastPage = 1; // no page-aligned address equals it
        for (int k = 1; k <= count; k++) {
            int lin = base + ((sp - k * size) & mask);
            lastPage = probe(cpu, lin, lastPage, asUser);
            lastPage = probe(cpu, lin + size - 1, lastPage, asUser);
        }
    }

    /** Translates {@code lin} for a write unless its page is {@code lastPage}; returns its page. */
    private static int probe(Cpu cpu, int lin, int lastPage, boolean asUser) {
        int page = lin & ~PAGE_OFFSET_MASK;
        if (page != lastPage) {
            cpu.mmu.translate(lin, Mmu.WRITE, asUser);
        }
        return page;
    }

    private static final int PAGE_OFFSET_MASK = 0xFFF;

    /**
     * Pushes {@code value} ({@code size} 2 or 4) below {@code sp} on a stack at {@code base}
     * already checked by {@link #checkPush}; returns the new stack pointer.
     */
    static int pushChecked(Cpu cpu, int attr, int base, int sp, int size, int value, boolean asUser) {
        int next = (sp - size) & stackMask(attr);
        int lin = base + next;
        if (size == 4) {
            if (asUser) {
                cpu.mmu.write32(lin, value);
            } else {
                cpu.mmu.writeSystem32(lin, value);
            }
        } else if (asUser) {
            cpu.mmu.write16(lin, value);
        } else {
            cpu.mmu.writeSystem16(lin, value);
        }
        return (sp & ~stackMask(attr)) | next;
    }

    /**
     * Reads {@code size} bytes (2 or 4, zero-extended) at {@code byteOffset} above the current
     * stack pointer, with the limit check (#SS(0)) and at the current privilege; pops nothing.
     */
    static int readStack(Cpu cpu, int byteOffset, int size) {
        int mask = stackMask(cpu.segFlags[Cpu.SS]);
        int offset = (stackPointer(cpu) + byteOffset) & mask;
        checkRead(cpu, Cpu.SS, offset, size);
        int lin = cpu.segBase[Cpu.SS] + offset;
        return size == 4 ? cpu.mmu.read32(lin) : cpu.mmu.read16(lin);
    }

    // ---------------------------------------------------------------- privilege changes

    /**
     * After a return to an outer privilege level (RET far, IRET; SDM Vol. 2 RET, 5.8.6): ES, DS,
     * FS and GS that hold data or non-conforming code of a DPL below the new CPL become null.
     */
    static void nullOuterSegments(Cpu cpu) {
        invalidateIfInner(cpu, Cpu.ES);
        invalidateIfInner(cpu, Cpu.DS);
        invalidateIfInner(cpu, Cpu.FS);
        invalidateIfInner(cpu, Cpu.GS);
    }

    /**
     * The selector becomes 0 (as Bochs: a null RPL does not survive either); the cache keeps
     * base and limit and loses P, as QEMU's validate_seg leaves it.
     */
    private static void invalidateIfInner(Cpu cpu, int sreg) {
        int attr = cpu.segFlags[sreg];
        if (!Descriptors.present(attr)
                || (!Descriptors.isConformingCode(attr) && Descriptors.dpl(attr) < cpu.cpl)) {
            cpu.loadSegmentCache(sreg, 0, cpu.segBase[sreg], cpu.segLimit[sreg], attr & ~P);
        }
    }

    /** Loads CS from a checked code descriptor with RPL = {@code newCpl} and sets the CPL. */
    static void loadCs(Cpu cpu, int selector, long d, int newCpl) {
        Descriptors.touch(cpu, selector, d);
        cpu.loadSegmentCache(Cpu.CS, (selector & SEL_ERROR_MASK) | newCpl, Descriptors.base(d),
                Descriptors.limit(d), Descriptors.attributes(d) | ACCESSED);
        cpu.setCpl(newCpl);
    }

    /** Loads SS from a checked writable data descriptor with RPL = {@code rpl}. */
    static void loadSs(Cpu cpu, int selector, long d, int rpl) {
        loadDescriptor(cpu, Cpu.SS, (selector & SEL_ERROR_MASK) | rpl, d);
    }

    // ---------------------------------------------------------------- far transfers (see FarTransfers)

    /** JMP ptr16:16/32 and JMP m16:16/32; see {@link FarTransfers#farJump}. */
    public static void farJump(Cpu cpu, int selector, int offset, boolean op32) {
        FarTransfers.farJump(cpu, selector, offset, op32);
    }

    /** CALL ptr16:16/32 and CALL m16:16/32; see {@link FarTransfers#farCall}. */
    public static void farCall(Cpu cpu, int selector, int offset, boolean op32) {
        FarTransfers.farCall(cpu, selector, offset, op32);
    }

    /** RETF and RETF imm16; see {@link FarTransfers#farReturn}. */
    public static void farReturn(Cpu cpu, boolean op32, int immPop) {
        FarTransfers.farReturn(cpu, op32, immPop);
    }
}
