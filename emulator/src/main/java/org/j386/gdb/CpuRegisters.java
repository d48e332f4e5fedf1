package org.j386.gdb;

import static org.j386.gdb.I386Registers.CR0;
import static org.j386.gdb.I386Registers.CR2;
import static org.j386.gdb.I386Registers.CR3;
import static org.j386.gdb.I386Registers.CR4;
import static org.j386.gdb.I386Registers.CS;
import static org.j386.gdb.I386Registers.EFLAGS;
import static org.j386.gdb.I386Registers.EIP;
import static org.j386.gdb.I386Registers.FCTRL;
import static org.j386.gdb.I386Registers.FS_BASE;
import static org.j386.gdb.I386Registers.GS_BASE;
import static org.j386.gdb.I386Registers.MXCSR;

import java.util.Arrays;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Eflags;
import org.j386.mmu.Mmu;

/**
 * Registers by gdb number ({@link I386Registers}) read from and written to a {@link Cpu}, as QEMU's
 * {@code x86_cpu_gdb_read_register}/{@code write_register} do for a 32-bit CPU. Registers the
 * 486 lacks (k_gs_base, cr8, efer, x87, SSE) read as QEMU's reset values and accept only those.
 * Called on the emulator thread only.
 */
final class CpuRegisters {
    /** gdb's segment order cs ss ds es fs gs as {@link Cpu} segment numbers. */
    private static final int[] SEGMENTS = {Cpu.CS, Cpu.SS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS};

    /** Descriptor bits (SDM Vol. 3A 3.4.5), high dword. */
    private static final int DESC_P = 1 << 15;
    private static final int DESC_G = 1 << 23;
    /** The attribute bits {@link Cpu#segFlags} keeps. */
    private static final int DESC_ATTRIBUTES = 0x00F0FF00;
    /** Selector bits (SDM Vol. 3A 3.4.2). */
    private static final int SEL_TI = 1 << 2;
    private static final int SEL_INDEX_MASK = ~7 & 0xFFFF;

    private CpuRegisters() {
    }

    static byte[] read(Cpu cpu, int n) {
        if (n < EIP) {
            return Hex.le32(cpu.reg(n));
        }
        return switch (n) {
            case EIP -> Hex.le32(cpu.eip());
            case EFLAGS -> Hex.le32(cpu.eflags());
            case CS, CS + 1, CS + 2, CS + 3, CS + 4, CS + 5 -> Hex.le32(cpu.segSelector(SEGMENTS[n - CS]));
            case FS_BASE -> Hex.le32(cpu.segBase(Cpu.FS));
            case GS_BASE -> Hex.le32(cpu.segBase(Cpu.GS));
            case CR0 -> Hex.le32(cpu.cr(0));
            case CR2 -> Hex.le32(cpu.cr(2));
            case CR3 -> Hex.le32(cpu.cr(3));
            case CR4 -> Hex.le32(cpu.cr(4));
            default -> absent(n);
        };
    }

    /** What QEMU reports for a register this processor does not have. */
    private static byte[] absent(int n) {
        byte[] v = new byte[I386Registers.size(n)];
        if (n == FCTRL || n == MXCSR) {
            int reset = n == FCTRL ? I386Registers.FCTRL_RESET : I386Registers.MXCSR_RESET;
            System.arraycopy(Hex.le32(reset), 0, v, 0, 4);
        }
        return v;
    }

    /** Writes register {@code n}; false, with nothing changed, if the value cannot be taken. */
    static boolean write(Cpu cpu, int n, byte[] value) {
        if (value.length != I386Registers.size(n)) {
            return false;
        }
        if (n < EIP) {
            cpu.setReg(n, Hex.fromLe32(value));
            return true;
        }
        int v = value.length == 4 ? Hex.fromLe32(value) : 0;
        switch (n) {
            case EIP -> cpu.setEip(v);
            case EFLAGS -> cpu.setEflags(v);
            case CS, CS + 1, CS + 2, CS + 3, CS + 4, CS + 5 -> {
                return loadSegment(cpu, SEGMENTS[n - CS], v & 0xFFFF);
            }
            case FS_BASE, GS_BASE -> {
                int s = n == FS_BASE ? Cpu.FS : Cpu.GS;
                cpu.loadSegmentCache(s, cpu.segSelector(s), v, cpu.segLimit(s), cpu.segFlags(s));
            }
            case CR0, CR2, CR3, CR4 -> cpu.setCr(n == CR0 ? 0 : n - CR2 + 2, v);
            default -> {
                return Arrays.equals(value, absent(n));
            }
        }
        return true;
    }

    /**
     * Loads a segment register as the debugger asks, if the selector changes: in real and V86 mode base = selector * 16,
     * limit and attributes kept; in protected mode from the GDT or LDT, read without side effects.
     * A null selector empties a data segment and is refused for CS and SS.
     */
    private static boolean loadSegment(Cpu cpu, int sreg, int selector) {
        if (selector == cpu.segSelector(sreg)) {
            // As QEMU: G writes back every register; an unchanged selector keeps its cache.
            return true;
        }
        boolean pm = (cpu.cr(0) & Cr0.PE) != 0 && (cpu.eflags() & Eflags.VM) == 0;
        if (!pm) {
            cpu.loadSegmentCache(sreg, selector, selector << 4, cpu.segLimit(sreg), cpu.segFlags(sreg));
            return true;
        }
        if ((selector & SEL_INDEX_MASK) == 0 && (selector & SEL_TI) == 0) {
            if (sreg == Cpu.CS || sreg == Cpu.SS) {
                return false;
            }
            cpu.loadSegmentCache(sreg, selector, 0, 0, 0);
            return true;
        }
        boolean ldt = (selector & SEL_TI) != 0;
        int tableBase = ldt ? cpu.ldtrBase() : cpu.gdtrBase();
        int tableLimit = ldt ? cpu.ldtrLimit() : cpu.gdtrLimit();
        int index = selector & SEL_INDEX_MASK;
        if (Integer.compareUnsigned(index + 7, tableLimit) > 0) {
            return false;
        }
        long lo = readLinear32(cpu.mmu(), tableBase + index);
        long hi = readLinear32(cpu.mmu(), tableBase + index + 4);
        if (lo < 0 || hi < 0 || (hi & DESC_P) == 0) {
            return false;
        }
        int l = (int) lo;
        int h = (int) hi;
        int base = (l >>> 16) | (h & 0xFF) << 16 | (h & 0xFF000000);
        int limit = (l & 0xFFFF) | (h & 0x000F0000);
        if ((h & DESC_G) != 0) {
            limit = limit << 12 | 0xFFF;
        }
        cpu.loadSegmentCache(sreg, selector, base, limit, h & DESC_ATTRIBUTES);
        return true;
    }

    /** A dword at a linear address without side effects, or -1 if a byte is unmapped. */
    private static long readLinear32(Mmu mmu, int lin) {
        long v = 0;
        for (int i = 3; i >= 0; i--) {
            long pa = mmu.debugTranslate(lin + i);
            if (pa < 0) {
                return -1;
            }
            v = v << 8 | mmu.memory().read8((int) pa);
        }
        return v;
    }
}
