package org.j386.cpu;

import static org.j386.cpu.Cpu.CS;
import static org.j386.cpu.Cpu.EAX;

/**
 * Specialised handlers for the forms compiled 32-bit code runs most: ALU, MOV, INC/DEC, LEA,
 * shifts by an immediate, Jcc, PUSH/POP of a register, near CALL/RET, all with 32-bit operand
 * and address size. {@link #specialize} rewrites a decoded {@link Insn} to one of these when it
 * fits, once, at decode time; the handler then does the operation in straight-line code, without
 * the size, register-or-memory and operation switches of the general handlers in {@link Alu},
 * {@link DataMove}, {@link Shifts} and {@link Control}, whose results it must equal exactly (the
 * Unicorn differential test and the vector tests run both). The run loop's {@link Insn#kind} is
 * that of the general handler.
 */
final class Fast {
    private Fast() { }

    /** First of the specialised handler numbers, above every {@link Dispatch} number. */
    static final int FIRST = 128;
    /** op r32, r32 (+ ALU number, TEST = 8): dst = dst op src. */
    static final int ALU_RR = FIRST;
    /** op r32, imm (+ ALU number). */
    static final int ALU_RI = ALU_RR + 9;
    /** op r32, m32 (+ ALU number). */
    static final int ALU_RM = ALU_RI + 9;
    static final int MOV_RR = ALU_RM + 9, MOV_RM = MOV_RR + 1, MOV_MR = MOV_RR + 2, MOV_RI = MOV_RR + 3,
            MOV_MI = MOV_RR + 4, MOVZX_RM8 = MOV_RR + 5, INC_R = MOV_RR + 6, DEC_R = MOV_RR + 7, LEA = MOV_RR + 8,
            SHL_RI = MOV_RR + 9, SHR_RI = MOV_RR + 10, SAR_RI = MOV_RR + 11, JCC = MOV_RR + 12,
            PUSH_R = MOV_RR + 13, POP_R = MOV_RR + 14, CALL = MOV_RR + 15, RET = MOV_RR + 16;
    static final int LAST = RET;

    private static final int SIGN = 0x80000000;

    /** Rewrites {@code in} (just decoded) to a specialised handler when its form has one. */
    static void specialize(Insn in) {
        if (in.size != 4 || !in.op32 || (in.mem && !in.addr32)) {
            return;
        }
        int op = in.op;
        boolean mem = in.mem;
        switch (op) {
            case Dispatch.ALU_EG -> {
                if (!mem) {
                    set(in, ALU_RR + in.sub, in.rm, in.reg);
                }
            }
            case Dispatch.ALU_GE -> set(in, (mem ? ALU_RM : ALU_RR) + in.sub, in.reg, in.rm);
            case Dispatch.ALU_EI -> {
                if (!mem) {
                    set(in, ALU_RI + in.sub, in.rm, 0);
                }
            }
            case Dispatch.ALU_AI -> set(in, ALU_RI + in.sub, EAX, 0);
            case Dispatch.MOV_EG -> set(in, mem ? MOV_MR : MOV_RR, in.rm, in.reg);
            case Dispatch.MOV_GE -> set(in, mem ? MOV_RM : MOV_RR, in.reg, in.rm);
            case Dispatch.MOV_Z_I -> set(in, MOV_RI, in.reg, 0);
            case Dispatch.MOV_E_I -> set(in, mem ? MOV_MI : MOV_RI, in.rm, 0);
            case Dispatch.MOVZX_B -> {
                if (mem) {
                    set(in, MOVZX_RM8, in.reg, 0);
                }
            }
            case Dispatch.INCDEC_Z -> set(in, in.sub == 0 ? INC_R : DEC_R, in.reg, 0);
            case Dispatch.INCDEC_E -> {
                if (!mem) {
                    set(in, in.sub == 0 ? INC_R : DEC_R, in.rm, 0);
                }
            }
            case Dispatch.LEA -> {
                if (mem) {
                    set(in, LEA, in.reg, 0);
                }
            }
            case Dispatch.SHIFT_EI, Dispatch.SHIFT_E1 -> {
                int count = op == Dispatch.SHIFT_E1 ? 1 : in.imm & 0x1F;
                if (!mem && count != 0) {
                    int s = in.sub;
                    int f = s == Shifts.SHL || s == Shifts.SAL ? SHL_RI : s == Shifts.SHR ? SHR_RI
                            : s == Shifts.SAR ? SAR_RI : -1;
                    if (f >= 0) {
                        in.imm = count;
                        set(in, f, in.rm, 0);
                    }
                }
            }
            case Dispatch.JCC -> set(in, JCC, 0, 0);
            case Dispatch.PUSH_Z -> set(in, PUSH_R, in.reg, 0);
            case Dispatch.POP_Z -> set(in, POP_R, in.reg, 0);
            case Dispatch.CALL_J -> set(in, CALL, 0, 0);
            case Dispatch.RET -> set(in, RET, 0, 0);
            default -> { }
        }
    }

    private static void set(Insn in, int op, int dst, int src) {
        in.op = op;
        in.dst = dst;
        in.src = src;
    }

    // ---------------------------------------------------------------- ALU, as Alu.result and Alu.flags

    /** dst op src for ALU number {@code op}; stores nothing; sets the flags. */
    static int alu(Cpu c, int op, int d, int s) {
        int v;
        switch (op) {
            case Alu.ADD:
                v = d + s;
                c.flagsAdd(d, s, v, SIGN);
                return v;
            case Alu.OR:
                v = d | s;
                c.flagsLogic(v, SIGN);
                return v;
            case Alu.ADC:
                v = d + s + (c.cf() ? 1 : 0);
                c.flagsAdd(d, s, v, SIGN);
                return v;
            case Alu.SBB:
                v = d - s - (c.cf() ? 1 : 0);
                c.flagsSub(d, s, v, SIGN);
                return v;
            case Alu.SUB:
            case Alu.CMP:
                v = d - s;
                c.flagsSub(d, s, v, SIGN);
                return v;
            case Alu.XOR:
                v = d ^ s;
                c.flagsLogic(v, SIGN);
                return v;
            default:
                v = d & s;
                c.flagsLogic(v, SIGN);
                return v;
        }
    }

    /** Executes a specialised handler; {@code op} is {@code i.op}, between {@link #FIRST} and {@link #LAST}. */
    static void execute(Cpu c, Insn i, int op) {
        int[] r = c.regs;
        if (op < MOV_RR) {
            int form = op < ALU_RI ? ALU_RR : op < ALU_RM ? ALU_RI : ALU_RM;
            int alu = op - form;
            int s = form == ALU_RR ? r[i.src] : form == ALU_RI ? i.imm : c.read32(i.seg, c.ea(i));
            int v = alu(c, alu, r[i.dst], s);
            if (alu < Alu.CMP) {
                r[i.dst] = v;
            }
            return;
        }
        switch (op) {
            case MOV_RR: r[i.dst] = r[i.src]; return;
            case MOV_RM: r[i.dst] = c.read32(i.seg, c.ea(i)); return;
            case MOV_MR: c.write32(i.seg, c.ea(i), r[i.src]); return;
            case MOV_RI: r[i.dst] = i.imm; return;
            case MOV_MI: c.write32(i.seg, c.ea(i), i.imm); return;
            case MOVZX_RM8: r[i.dst] = c.read8(i.seg, c.ea(i)); return;
            case INC_R: {
                int d = r[i.dst];
                c.flagsIncDec(true, d, d + 1, SIGN);
                r[i.dst] = d + 1;
                return;
            }
            case DEC_R: {
                int d = r[i.dst];
                c.flagsIncDec(false, d, d - 1, SIGN);
                r[i.dst] = d - 1;
                return;
            }
            case LEA: r[i.dst] = c.ea(i); return;
            case SHL_RI: {
                int v = r[i.dst];
                int n = i.imm;
                int res = v << n;
                boolean carry = (v >>> (32 - n) & 1) != 0;
                r[i.dst] = res;
                c.flagsResult(res, SIGN, carry, (res < 0) != carry, false);
                return;
            }
            case SHR_RI: {
                int v = r[i.dst];
                int n = i.imm;
                int res = v >>> n;
                r[i.dst] = res;
                c.flagsResult(res, SIGN, (v >>> (n - 1) & 1) != 0, v < 0, false);
                return;
            }
            case SAR_RI: {
                int v = r[i.dst];
                int n = i.imm;
                int res = v >> n;
                r[i.dst] = res;
                c.flagsResult(res, SIGN, (v >> (n - 1) & 1) != 0, false, false);
                return;
            }
            case JCC:
                if (c.condition(i.sub)) {
                    jump(c, c.eip + i.imm);
                }
                return;
            case PUSH_R: c.push32(r[i.dst]); return;
            case POP_R: {
                int v = c.pop32();
                r[i.dst] = v;
                return;
            }
            case CALL: {
                int target = c.eip + i.imm;
                c.push32(c.eip);
                jump(c, target);
                return;
            }
            default: {
                // RET (C3) or RET Iw (C2).
                int target = c.pop32();
                c.addSp(i.imm & 0xFFFF);
                jump(c, target);
                return;
            }
        }
    }

    /** A near jump within the CS limit, as {@link Control#jumpNear} with a 32-bit operand size. */
    private static void jump(Cpu c, int target) {
        if (Integer.compareUnsigned(target, c.segLimit[CS]) > 0) {
            throw c.fault.with(Fault.GP, 0);
        }
        c.eip = target;
    }
}
