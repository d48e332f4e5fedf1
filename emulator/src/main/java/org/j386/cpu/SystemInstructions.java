package org.j386.cpu;

import static org.j386.cpu.Descriptors.SEL_ERROR_MASK;
import static org.j386.cpu.Descriptors.SEL_RPL_MASK;
import static org.j386.cpu.Descriptors.SEL_TI;

/**
 * The system instructions of SDM Vol. 2 that manage segmentation, tables and control registers:
 * group 6 (0F 00: SLDT, STR, LLDT, LTR, VERR, VERW), group 7 (0F 01: SGDT, SIDT, LGDT, LIDT,
 * SMSW, LMSW, INVLPG), LAR, LSL, ARPL, CLTS, MOV to and from CR0-CR4 and DR0-DR7.
 *
 * <p>Operands arrive decoded: {@code reg} is ModRM.reg (the group member), {@code isReg} says
 * ModRM.mod = 3 with {@code rm} the register number, otherwise {@code sreg}:{@code offset} is the
 * memory operand (segment after overrides, effective address already wrapped to the address
 * size). {@code op32} is the instruction's operand size.
 *
 * <p>Left out: DR7.GD (the #DB on a debug-register access) belongs to the debug support.
 */
public final class SystemInstructions {
    private SystemInstructions() { }

    // Group 6 (0F 00) and group 7 (0F 01) members by ModRM.reg (SDM Vol. 2 table A-6).
    static final int SLDT = 0;
    static final int STR = 1;
    static final int LLDT = 2;
    static final int LTR = 3;
    static final int VERR = 4;
    static final int VERW = 5;
    static final int SGDT = 0;
    static final int SIDT = 1;
    static final int LGDT = 2;
    static final int LIDT = 3;
    static final int SMSW = 4;
    static final int LMSW = 6;
    static final int INVLPG = 7;

    /** The 6-byte operand of LGDT/SGDT: a 16-bit limit, then a 32-bit base. */
    private static final int PSEUDO_DESCRIPTOR_SIZE = 6;
    private static final int PSEUDO_DESCRIPTOR_BASE = 2;
    private static final int WORD = 2;
    private static final int DWORD = 4;
    private static final int WORD_MASK = 0xFFFF;
    /** LGDT/LIDT with a 16-bit operand keep 24 bits of base (SDM Vol. 2 LGDT). */
    private static final int BASE_24_MASK = 0x00FFFFFF;
    /** LMSW loads CR0 bits 3:0 (PE, MP, EM, TS). */
    private static final int MSW_BITS = Cr0.PE | Cr0.MP | Cr0.EM | Cr0.TS;
    /** LAR with a 32-bit operand: bits 23:8 of the high dword (SDM Vol. 2 LAR: 00FxFF00H; Bochs keeps limit 19:16 in x). */
    private static final int LAR_MASK_32 = 0x00FFFF00;
    private static final int LAR_MASK_16 = 0x0000FF00;

    /** DR6 bits that read as one on a 486 (SDM 17.2.3; Bochs). */
    static final int DR6_FIXED_ONES = 0xFFFF0FF0;
    /** DR6 bits a MOV may change: B0-B3, BD, BS, BT. */
    static final int DR6_WRITABLE = 0x0000E00F;
    /** DR7 bits a MOV may change (bits 10, 12, 14, 15 are fixed), and the one-bit. */
    static final int DR7_WRITABLE = 0xFFFF2BFF;
    static final int DR7_FIXED_ONES = 0x00000400;

    // ---------------------------------------------------------------- group 6

    /** 0F 00 /reg with the operand size of the executing instruction ({@code cpu.opSize32()}). */
    public static void group6(Cpu cpu, int reg, boolean isReg, int rm, int sreg, int offset) {
        group6(cpu, reg, isReg, rm, sreg, offset, cpu.opSize32());
    }

    /** 0F 00 /reg. Not recognized in real and V86 mode: #UD (SDM Vol. 2 SLDT ... VERW). */
    public static void group6(Cpu cpu, int reg, boolean isReg, int rm, int sreg, int offset, boolean op32) {
        if (!cpu.protectedMode() || cpu.v86()) {
            throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
        switch (reg) {
            case SLDT:
                storeSelector(cpu, cpu.ldtrSel, isReg, rm, sreg, offset, op32);
                break;
            case STR:
                storeSelector(cpu, cpu.trSel, isReg, rm, sreg, offset, op32);
                break;
            case LLDT:
                requireCpl0(cpu);
                lldt(cpu, readWord(cpu, isReg, rm, sreg, offset));
                break;
            case LTR:
                requireCpl0(cpu);
                ltr(cpu, readWord(cpu, isReg, rm, sreg, offset));
                break;
            case VERR:
                cpu.setFlag(Eflags.ZF, verify(cpu, readWord(cpu, isReg, rm, sreg, offset), false));
                break;
            case VERW:
                cpu.setFlag(Eflags.ZF, verify(cpu, readWord(cpu, isReg, rm, sreg, offset), true));
                break;
            default:
                throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
    }

    /** SLDT/STR: a register destination gets the selector zero-extended with a 32-bit operand. */
    private static void storeSelector(Cpu cpu, int selector, boolean isReg, int rm, int sreg, int offset,
                                      boolean op32) {
        if (isReg) {
            if (op32) {
                cpu.regs[rm] = selector & WORD_MASK;
            } else {
                cpu.regs[rm] = (cpu.regs[rm] & ~WORD_MASK) | (selector & WORD_MASK);
            }
        } else {
            Segmentation.checkWrite(cpu, sreg, offset, WORD);
            cpu.mmu.write16(cpu.linear(sreg, offset), selector);
        }
    }

    private static int readWord(Cpu cpu, boolean isReg, int rm, int sreg, int offset) {
        if (isReg) {
            return cpu.regs[rm] & WORD_MASK;
        }
        Segmentation.checkRead(cpu, sreg, offset, WORD);
        return cpu.mmu.read16(cpu.linear(sreg, offset));
    }

    private static void requireCpl0(Cpu cpu) {
        if (cpu.cpl != 0) {
            throw cpu.fault.with(Fault.GP, 0);
        }
    }

    /**
     * LLDT (SDM Vol. 2 LLDT): null invalidates LDTR; TI set, beyond the GDT or not an LDT
     * descriptor is #GP(selector); not present is #NP(selector).
     */
    static void lldt(Cpu cpu, int selector) {
        if (Descriptors.isNull(selector)) {
            cpu.ldtrSel = selector;
            cpu.ldtrFlags = 0;
            return;
        }
        int error = selector & SEL_ERROR_MASK;
        if ((selector & SEL_TI) != 0) {
            throw cpu.fault.with(Fault.GP, error);
        }
        long d = Descriptors.fetch(cpu, selector, Fault.GP);
        int attr = Descriptors.attributes(d);
        if (Descriptors.systemType(attr) != Descriptors.LDT) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, error);
        }
        cpu.ldtrSel = selector;
        cpu.ldtrBase = Descriptors.base(d);
        cpu.ldtrLimit = Descriptors.limit(d);
        cpu.ldtrFlags = attr;
    }

    /**
     * LTR (SDM Vol. 2 LTR): null is #GP(0); TI set, beyond the GDT or not an available TSS is
     * #GP(selector); not present is #NP(selector). Marks the TSS busy in memory and in TR.
     */
    static void ltr(Cpu cpu, int selector) {
        if (Descriptors.isNull(selector)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
        int error = selector & SEL_ERROR_MASK;
        if ((selector & SEL_TI) != 0) {
            throw cpu.fault.with(Fault.GP, error);
        }
        long d = Descriptors.fetch(cpu, selector, Fault.GP);
        int attr = Descriptors.attributes(d);
        int type = Descriptors.systemType(attr);
        if (type != Descriptors.TSS16_AVAILABLE && type != Descriptors.TSS32_AVAILABLE) {
            throw cpu.fault.with(Fault.GP, error);
        }
        if (!Descriptors.present(attr)) {
            throw cpu.fault.with(Fault.NP, error);
        }
        Descriptors.setTssBusy(cpu, selector, true);
        cpu.trSel = selector;
        cpu.trBase = Descriptors.base(d);
        cpu.trLimit = Descriptors.limit(d);
        cpu.trFlags = attr | Descriptors.TSS_BUSY;
    }

    /**
     * VERR/VERW (SDM Vol. 2 VERR): whether the segment is readable (writable) at CPL and RPL.
     * Never faults on the selector; conforming readable code skips the privilege test.
     */
    static boolean verify(Cpu cpu, int selector, boolean write) {
        if (Descriptors.isNull(selector) || !Descriptors.inTable(cpu, selector)) {
            return false;
        }
        int attr = Descriptors.attributes(Descriptors.readAt(cpu, Descriptors.address(cpu, selector)));
        if (!Descriptors.isSegment(attr)) {
            return false;
        }
        if (write ? !Descriptors.isWritableData(attr) : !Descriptors.isReadable(attr)) {
            return false;
        }
        if (!write && Descriptors.isConformingCode(attr)) {
            return true;
        }
        int dpl = Descriptors.dpl(attr);
        return dpl >= cpu.cpl && dpl >= (selector & SEL_RPL_MASK);
    }

    // ---------------------------------------------------------------- group 7

    /** 0F 01 /reg with the operand size of the executing instruction ({@code cpu.opSize32()}). */
    public static void group7(Cpu cpu, int reg, boolean isReg, int rm, int sreg, int offset) {
        group7(cpu, reg, isReg, rm, sreg, offset, cpu.opSize32());
    }

    /** 0F 01 /reg (SDM Vol. 2 SGDT, SIDT, LGDT, LIDT, SMSW, LMSW, INVLPG). */
    public static void group7(Cpu cpu, int reg, boolean isReg, int rm, int sreg, int offset, boolean op32) {
        switch (reg) {
            case SGDT:
                storeTable(cpu, cpu.gdtrBase, cpu.gdtrLimit, isReg, sreg, offset, op32);
                break;
            case SIDT:
                storeTable(cpu, cpu.idtrBase, cpu.idtrLimit, isReg, sreg, offset, op32);
                break;
            case LGDT:
            case LIDT: {
                if (isReg) {
                    throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
                }
                requirePrivileged(cpu);
                Segmentation.checkRead(cpu, sreg, offset, WORD);
                Segmentation.checkRead(cpu, sreg, offset + PSEUDO_DESCRIPTOR_BASE, DWORD);
                int limit = cpu.mmu.read16(cpu.linear(sreg, offset));
                int base = cpu.mmu.read32(cpu.linear(sreg, offset + PSEUDO_DESCRIPTOR_BASE));
                if (!op32) {
                    base &= BASE_24_MASK;
                }
                if (reg == LGDT) {
                    cpu.setGdtr(base, limit);
                } else {
                    cpu.setIdtr(base, limit);
                }
                break;
            }
            case SMSW:
                smsw(cpu, isReg, rm, sreg, offset, op32);
                break;
            case LMSW:
                requirePrivileged(cpu);
                lmsw(cpu, readWord(cpu, isReg, rm, sreg, offset));
                break;
            case INVLPG: // 486
                if (isReg) {
                    throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
                }
                requirePrivileged(cpu);
                cpu.mmu.invalidatePage(cpu.linear(sreg, offset));
                break;
            default:
                throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
    }

    /** CPL 0 in protected mode, never in V86 (CPL 3 there): else #GP(0). Real mode is CPL 0. */
    private static void requirePrivileged(Cpu cpu) {
        if (cpu.protectedMode() && (cpu.v86() || cpu.cpl != 0)) {
            throw cpu.fault.with(Fault.GP, 0);
        }
    }

    /**
     * SGDT/SIDT: limit then base; a 16-bit operand stores 24 bits of base and a zero byte, as
     * the SDM's compatibility note says the 386 and 486 do (and QEMU does); Bochs 2.7 stores all
     * 32 bits, as the SDM's pseudocode for later processors. A register operand is #UD.
     */
    private static void storeTable(Cpu cpu, int base, int limit, boolean isReg, int sreg, int offset,
                                   boolean op32) {
        if (isReg) {
            throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
        Segmentation.checkWrite(cpu, sreg, offset, WORD);
        Segmentation.checkWrite(cpu, sreg, offset + PSEUDO_DESCRIPTOR_BASE, DWORD);
        int lin = cpu.linear(sreg, offset);
        cpu.mmu.probeWrite(lin, PSEUDO_DESCRIPTOR_SIZE);
        cpu.mmu.write16(lin, limit);
        cpu.mmu.write32(cpu.linear(sreg, offset + PSEUDO_DESCRIPTOR_BASE), op32 ? base : base & BASE_24_MASK);
    }

    /** SMSW: memory takes 16 bits; a 32-bit register takes all of CR0, as Bochs (SDM: upper bits undefined). */
    private static void smsw(Cpu cpu, boolean isReg, int rm, int sreg, int offset, boolean op32) {
        int cr0 = cpu.cr(0);
        if (isReg) {
            if (op32) {
                cpu.regs[rm] = cr0;
            } else {
                cpu.regs[rm] = (cpu.regs[rm] & ~WORD_MASK) | (cr0 & WORD_MASK);
            }
        } else {
            Segmentation.checkWrite(cpu, sreg, offset, WORD);
            cpu.mmu.write16(cpu.linear(sreg, offset), cr0);
        }
    }

    /** LMSW (SDM Vol. 2 LMSW): CR0 bits 3:0; PE can be set but never cleared. */
    static void lmsw(Cpu cpu, int msw) {
        int cr0 = cpu.cr(0);
        int value = (cr0 & ~MSW_BITS) | (msw & MSW_BITS) | (cr0 & Cr0.PE);
        cpu.setCr(0, value);
    }

    // ---------------------------------------------------------------- LAR, LSL, ARPL

    /** LAR with the operand size of the executing instruction. */
    public static void lar(Cpu cpu, int reg, int selector) {
        lar(cpu, reg, selector, cpu.opSize32());
    }

    /** LSL with the operand size of the executing instruction. */
    public static void lsl(Cpu cpu, int reg, int selector) {
        lsl(cpu, reg, selector, cpu.opSize32());
    }

    /**
     * LAR r16/r32, r/m16 (0F 02): {@code selector} is the source operand. Loads the access rights
     * into register {@code reg} and sets ZF, or clears ZF and leaves it (SDM Vol. 2 LAR).
     */
    public static void lar(Cpu cpu, int reg, int selector, boolean op32) {
        requireProtected(cpu);
        selector &= WORD_MASK;
        if (!accessible(cpu, selector, true)) {
            cpu.setFlag(Eflags.ZF, false);
            return;
        }
        long d = Descriptors.readAt(cpu, Descriptors.address(cpu, selector));
        if (op32) {
            cpu.regs[reg] = Descriptors.high(d) & LAR_MASK_32;
        } else {
            cpu.regs[reg] = (cpu.regs[reg] & ~WORD_MASK) | (Descriptors.high(d) & LAR_MASK_16);
        }
        cpu.setFlag(Eflags.ZF, true);
    }

    /** LSL r16/r32, r/m16 (0F 03): the byte-granular limit, as LAR (SDM Vol. 2 LSL). */
    public static void lsl(Cpu cpu, int reg, int selector, boolean op32) {
        requireProtected(cpu);
        selector &= WORD_MASK;
        if (!accessible(cpu, selector, false)) {
            cpu.setFlag(Eflags.ZF, false);
            return;
        }
        long d = Descriptors.readAt(cpu, Descriptors.address(cpu, selector));
        int limit = Descriptors.limit(d);
        if (op32) {
            cpu.regs[reg] = limit;
        } else {
            cpu.regs[reg] = (cpu.regs[reg] & ~WORD_MASK) | (limit & WORD_MASK);
        }
        cpu.setFlag(Eflags.ZF, true);
    }

    /**
     * The descriptor LAR or LSL may report: inside its table, a code/data segment or an allowed
     * system type (LAR: TSS, LDT, call and task gates; LSL: TSS and LDT), and — unless
     * conforming code — DPL &gt;= CPL and &gt;= RPL.
     */
    private static boolean accessible(Cpu cpu, int selector, boolean lar) {
        if (Descriptors.isNull(selector) || !Descriptors.inTable(cpu, selector)) {
            return false;
        }
        long d = Descriptors.readAt(cpu, Descriptors.address(cpu, selector));
        int attr = Descriptors.attributes(d);
        if (!Descriptors.isSegment(attr)) {
            switch (Descriptors.type(attr)) {
                case Descriptors.TSS16_AVAILABLE:
                case Descriptors.LDT:
                case Descriptors.TSS16_BUSY:
                case Descriptors.TSS32_AVAILABLE:
                case Descriptors.TSS32_BUSY:
                    break;
                case Descriptors.CALL_GATE16:
                case Descriptors.TASK_GATE:
                case Descriptors.CALL_GATE32:
                    if (!lar) {
                        return false;
                    }
                    break;
                default:
                    return false;
            }
        } else if (Descriptors.isConformingCode(attr)) {
            return true;
        }
        int dpl = Descriptors.dpl(attr);
        return dpl >= cpu.cpl && dpl >= (selector & SEL_RPL_MASK);
    }

    /**
     * ARPL r/m16, r16 (63): returns the new destination — its RPL raised to the source's — and
     * sets ZF if it changed (SDM Vol. 2 ARPL). #UD in real and V86 mode. The caller writes the
     * result back only when ZF is set (Bochs), having read the destination for writing.
     */
    public static int arpl(Cpu cpu, int dest, int src) {
        requireProtected(cpu);
        if ((dest & SEL_RPL_MASK) < (src & SEL_RPL_MASK)) {
            cpu.setFlag(Eflags.ZF, true);
            return (dest & ~SEL_RPL_MASK) | (src & SEL_RPL_MASK);
        }
        cpu.setFlag(Eflags.ZF, false);
        return dest;
    }

    private static void requireProtected(Cpu cpu) {
        if (!cpu.protectedMode() || cpu.v86()) {
            throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
    }

    // ---------------------------------------------------------------- CLTS, MOV CR, MOV DR

    /** CLTS (0F 06): clears CR0.TS; #GP(0) unless CPL 0. */
    public static void clts(Cpu cpu) {
        requirePrivileged(cpu);
        cpu.setCr(0, cpu.cr(0) & ~Cr0.TS);
    }

    /**
     * MOV CRn, r32 (0F 22). CR1 and CR5-CR7 are #UD; CPL &gt; 0 (or V86) is #GP(0); CR0 with PG
     * and not PE, or NW and not CD, is #GP(0); CR4 with a bit this CPU lacks is #GP(0).
     * CR0.ET reads as 1 on a 486 ({@code Cpu.setCr} forces it).
     */
    public static void movToCr(Cpu cpu, int n, int value) {
        checkCr(cpu, n);
        switch (n) {
            case 0:
                if ((value & Cr0.PG) != 0 && (value & Cr0.PE) == 0
                        || (value & Cr0.NW) != 0 && (value & Cr0.CD) == 0) {
                    throw cpu.fault.with(Fault.GP, 0);
                }
                cpu.setCr(0, value);
                break;
            case 4:
                if ((value & ~Cr4.IMPLEMENTED) != 0) {
                    throw cpu.fault.with(Fault.GP, 0);
                }
                cpu.setCr(4, value);
                break;
            default:
                cpu.setCr(n, value);
                break;
        }
    }

    /** MOV r32, CRn (0F 20): the same #UD and #GP(0) rules as {@link #movToCr}. */
    public static int movFromCr(Cpu cpu, int n) {
        checkCr(cpu, n);
        return cpu.cr(n);
    }

    private static void checkCr(Cpu cpu, int n) {
        if (n == 1 || n > 4) {
            throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
        requirePrivileged(cpu);
    }

    /**
     * MOV DRn, r32 (0F 23): #GP(0) unless CPL 0; DR4 and DR5 alias DR6 and DR7 unless CR4.DE,
     * which makes them #UD (SDM 17.2.2). DR6 and DR7 keep their fixed bits.
     */
    public static void movToDr(Cpu cpu, int n, int value) {
        int r = checkDr(cpu, n);
        if (r == 6) {
            cpu.dr[6] = DR6_FIXED_ONES | (value & DR6_WRITABLE);
        } else if (r == 7) {
            cpu.dr[7] = (value & DR7_WRITABLE) | DR7_FIXED_ONES;
        } else {
            cpu.dr[r] = value;
        }
    }

    /** MOV r32, DRn (0F 21): as {@link #movToDr}. */
    public static int movFromDr(Cpu cpu, int n) {
        return cpu.dr[checkDr(cpu, n)];
    }

    private static final int DR4 = 4;
    private static final int DR5 = 5;
    /** DR4 and DR5 map to DR6 and DR7: add this. */
    private static final int DR_ALIAS_DISTANCE = 2;

    private static int checkDr(Cpu cpu, int n) {
        if (n == DR4 || n == DR5) {
            if ((cpu.cr(4) & Cr4.DE) != 0) {
                throw cpu.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
            }
            requirePrivileged(cpu);
            return n + DR_ALIAS_DISTANCE;
        }
        requirePrivileged(cpu);
        return n;
    }
}
