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
            SHL_RI = MOV_RR + 9, SHR_RI = MOV_RR + 10, SAR_RI = MOV_RR + 11,
            PUSH_R = MOV_RR + 13, POP_R = MOV_RR + 14, CALL = MOV_RR + 15, RET = MOV_RR + 16,
            IMUL_RR = MOV_RR + 17, IMUL_RM = MOV_RR + 18, JMP = MOV_RR + 19, MOVZX_RR8 = MOV_RR + 20,
            PUSH_I = MOV_RR + 21, MOV8_RM = MOV_RR + 22, MOV8_MR = MOV_RR + 23;
    /** Jcc (+ condition code). */
    static final int JCC_CC = MOV8_MR + 1;
    /** op m32, r32 (+ ALU number): the memory operand is the destination. */
    static final int ALU_MR = JCC_CC + 16;
    /** op m32, imm (+ ALU number). */
    static final int ALU_MI = ALU_MR + 9;
    static final int LAST = ALU_MI + 8;

    private static final int SIGN = 0x80000000;

    /** Rewrites {@code in} (just decoded) to a specialised handler when its form has one. */
    static void specialize(Insn in) {
        if (in.size == 1 && in.mem && in.addr32) {
            if (in.op == Dispatch.MOV_GE) {
                set(in, MOV8_RM, in.reg, 0);
            } else if (in.op == Dispatch.MOV_EG) {
                set(in, MOV8_MR, 0, in.reg);
            }
            return;
        }
        if (in.size != 4 || !in.op32 || (in.mem && !in.addr32)) {
            return;
        }
        int op = in.op;
        boolean mem = in.mem;
        switch (op) {
            case Dispatch.ALU_EG -> set(in, (mem ? ALU_MR : ALU_RR) + in.sub, in.rm, in.reg);
            case Dispatch.ALU_GE -> set(in, (mem ? ALU_RM : ALU_RR) + in.sub, in.reg, in.rm);
            case Dispatch.ALU_EI -> set(in, (mem ? ALU_MI : ALU_RI) + in.sub, in.rm, 0);
            case Dispatch.ALU_AI -> set(in, ALU_RI + in.sub, EAX, 0);
            case Dispatch.MOV_EG -> set(in, mem ? MOV_MR : MOV_RR, in.rm, in.reg);
            case Dispatch.MOV_GE -> set(in, mem ? MOV_RM : MOV_RR, in.reg, in.rm);
            case Dispatch.MOV_Z_I -> set(in, MOV_RI, in.reg, 0);
            case Dispatch.MOV_E_I -> set(in, mem ? MOV_MI : MOV_RI, in.rm, 0);
            case Dispatch.MOVZX_B -> set(in, mem ? MOVZX_RM8 : MOVZX_RR8, in.reg, in.rm);
            case Dispatch.IMUL_GE -> set(in, mem ? IMUL_RM : IMUL_RR, in.reg, in.rm);
            case Dispatch.JMP_J -> set(in, JMP, 0, 0);
            case Dispatch.PUSH_I -> set(in, PUSH_I, 0, 0);
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
            case Dispatch.JCC -> set(in, JCC_CC + in.sub, 0, 0);
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

    /** Puts the specialised handlers into the dispatcher's table. */
    static void install(Handler[] table) {
        // Each ALU handler is its own class calling alu/toMemory with a constant operation, which
        // the JIT folds when it inlines them.
        table[ALU_RR + Alu.ADD] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.ADD, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.OR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.OR, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.ADC] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.ADC, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.SBB] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.SBB, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.AND] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.AND, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.SUB] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.SUB, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.XOR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.XOR, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.CMP] = new Handler() {
            void exec(Cpu c, Insn i) {
                alu(c, Alu.CMP, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RR + Alu.TEST] = new Handler() {
            void exec(Cpu c, Insn i) {
                alu(c, Alu.TEST, c.regs[i.dst], c.regs[i.src]);
            }
        };
        table[ALU_RI + Alu.ADD] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.ADD, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.OR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.OR, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.ADC] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.ADC, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.SBB] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.SBB, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.AND] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.AND, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.SUB] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.SUB, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.XOR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.XOR, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.CMP] = new Handler() {
            void exec(Cpu c, Insn i) {
                alu(c, Alu.CMP, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RI + Alu.TEST] = new Handler() {
            void exec(Cpu c, Insn i) {
                alu(c, Alu.TEST, c.regs[i.dst], i.imm);
            }
        };
        table[ALU_RM + Alu.ADD] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.ADD, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.OR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.OR, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.ADC] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.ADC, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.SBB] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.SBB, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.AND] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.AND, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.SUB] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.SUB, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.XOR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = alu(c, Alu.XOR, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.CMP] = new Handler() {
            void exec(Cpu c, Insn i) {
                alu(c, Alu.CMP, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_RM + Alu.TEST] = new Handler() {
            void exec(Cpu c, Insn i) {
                alu(c, Alu.TEST, c.regs[i.dst], c.read32(i.seg, ea32(c, i)));
            }
        };
        table[ALU_MR + Alu.ADD] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.ADD, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.OR] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.OR, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.ADC] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.ADC, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.SBB] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.SBB, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.AND] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.AND, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.SUB] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.SUB, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.XOR] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.XOR, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.CMP] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.CMP, c.regs[i.src]);
            }
        };
        table[ALU_MR + Alu.TEST] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.TEST, c.regs[i.src]);
            }
        };
        table[ALU_MI + Alu.ADD] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.ADD, i.imm);
            }
        };
        table[ALU_MI + Alu.OR] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.OR, i.imm);
            }
        };
        table[ALU_MI + Alu.ADC] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.ADC, i.imm);
            }
        };
        table[ALU_MI + Alu.SBB] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.SBB, i.imm);
            }
        };
        table[ALU_MI + Alu.AND] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.AND, i.imm);
            }
        };
        table[ALU_MI + Alu.SUB] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.SUB, i.imm);
            }
        };
        table[ALU_MI + Alu.XOR] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.XOR, i.imm);
            }
        };
        table[ALU_MI + Alu.CMP] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.CMP, i.imm);
            }
        };
        table[ALU_MI + Alu.TEST] = new Handler() {
            void exec(Cpu c, Insn i) {
                toMemory(c, i, Alu.TEST, i.imm);
            }
        };
        table[MOV_RR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = c.regs[i.src];
            }
        };
        table[MOV_RM] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = c.read32(i.seg, ea32(c, i));
            }
        };
        table[MOV_MR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.write32(i.seg, ea32(c, i), c.regs[i.src]);
            }
        };
        table[MOV_RI] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = i.imm;
            }
        };
        table[MOV_MI] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.write32(i.seg, ea32(c, i), i.imm);
            }
        };
        table[MOVZX_RM8] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = c.read8(i.seg, ea32(c, i));
            }
        };
        table[INC_R] = new Handler() {
            void exec(Cpu c, Insn i) {
                int[] r = c.regs;
                int d = r[i.dst];
                c.flagsIncDec(true, d, d + 1, SIGN);
                r[i.dst] = d + 1;
            }
        };
        table[DEC_R] = new Handler() {
            void exec(Cpu c, Insn i) {
                int[] r = c.regs;
                int d = r[i.dst];
                c.flagsIncDec(false, d, d - 1, SIGN);
                r[i.dst] = d - 1;
            }
        };
        table[LEA] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = ea32(c, i);
            }
        };
        table[SHL_RI] = new Handler() {
            void exec(Cpu c, Insn i) {
                int[] r = c.regs;
                int v = r[i.dst];
                int n = i.imm;
                int res = v << n;
                boolean carry = (v >>> (32 - n) & 1) != 0;
                r[i.dst] = res;
                c.flagsResult(res, SIGN, carry, (res < 0) != carry, false);
            }
        };
        table[SHR_RI] = new Handler() {
            void exec(Cpu c, Insn i) {
                int[] r = c.regs;
                int v = r[i.dst];
                int n = i.imm;
                int res = v >>> n;
                r[i.dst] = res;
                c.flagsResult(res, SIGN, (v >>> (n - 1) & 1) != 0, v < 0, false);
            }
        };
        table[SAR_RI] = new Handler() {
            void exec(Cpu c, Insn i) {
                int[] r = c.regs;
                int v = r[i.dst];
                int n = i.imm;
                int res = v >> n;
                r[i.dst] = res;
                c.flagsResult(res, SIGN, (v >> (n - 1) & 1) != 0, false, false);
            }
        };
        table[PUSH_R] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.push32(c.regs[i.dst]);
            }
        };
        table[POP_R] = new Handler() {
            void exec(Cpu c, Insn i) {
                int v = c.pop32();
                c.regs[i.dst] = v;
            }
        };
        table[CALL] = new Handler() {
            void exec(Cpu c, Insn i) {
                int target = c.eip + i.imm;
                c.push32(c.eip);
                jump(c, target);
            }
        };
        table[IMUL_RR] = new Handler() {
            void exec(Cpu c, Insn i) {
                imul(c, i, c.regs[i.src]);
            }
        };
        table[IMUL_RM] = new Handler() {
            void exec(Cpu c, Insn i) {
                imul(c, i, c.read32(i.seg, ea32(c, i)));
            }
        };
        table[JMP] = new Handler() {
            void exec(Cpu c, Insn i) {
                jump(c, c.eip + i.imm);
            }
        };
        table[MOVZX_RR8] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.dst] = c.getReg(1, i.src);
            }
        };
        table[PUSH_I] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.push32(i.imm);
            }
        };
        table[MOV8_RM] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.setRegSized(1, i.dst, c.read8(i.seg, ea32(c, i)));
            }
        };
        table[MOV8_MR] = new Handler() {
            void exec(Cpu c, Insn i) {
                c.write8(i.seg, ea32(c, i), c.getReg(1, i.src));
            }
        };
        table[JCC_CC + 0] = new Handler() { // JO
            void exec(Cpu c, Insn i) {
                if (condition(c, 0)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 1] = new Handler() { // JNO
            void exec(Cpu c, Insn i) {
                if (condition(c, 1)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 2] = new Handler() { // JB
            void exec(Cpu c, Insn i) {
                if (condition(c, 2)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 3] = new Handler() { // JAE
            void exec(Cpu c, Insn i) {
                if (condition(c, 3)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 4] = new Handler() { // JE
            void exec(Cpu c, Insn i) {
                if (condition(c, 4)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 5] = new Handler() { // JNE
            void exec(Cpu c, Insn i) {
                if (condition(c, 5)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 6] = new Handler() { // JBE
            void exec(Cpu c, Insn i) {
                if (condition(c, 6)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 7] = new Handler() { // JA
            void exec(Cpu c, Insn i) {
                if (condition(c, 7)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 8] = new Handler() { // JS
            void exec(Cpu c, Insn i) {
                if (condition(c, 8)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 9] = new Handler() { // JNS
            void exec(Cpu c, Insn i) {
                if (condition(c, 9)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 10] = new Handler() { // JP
            void exec(Cpu c, Insn i) {
                if (condition(c, 10)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 11] = new Handler() { // JNP
            void exec(Cpu c, Insn i) {
                if (condition(c, 11)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 12] = new Handler() { // JL
            void exec(Cpu c, Insn i) {
                if (condition(c, 12)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 13] = new Handler() { // JGE
            void exec(Cpu c, Insn i) {
                if (condition(c, 13)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 14] = new Handler() { // JLE
            void exec(Cpu c, Insn i) {
                if (condition(c, 14)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[JCC_CC + 15] = new Handler() { // JG
            void exec(Cpu c, Insn i) {
                if (condition(c, 15)) {
                    jump(c, c.eip + i.imm);
                }
            }
        };
        table[RET] = new Handler() {
            void exec(Cpu c, Insn i) {
                int target = c.pop32();
                c.addSp(i.imm & 0xFFFF);
                jump(c, target);
            }
        };
    }

    /** dst op src for ALU number {@code op} (TEST = 8), with the flags set; as Alu.result and Alu.flags for 4 bytes. */
    private static int alu(Cpu c, int op, int d, int s) {
        int v;
        switch (op) {
            case Alu.ADD: v = d + s; c.flagsAdd(d, s, v, SIGN); return v;
            case Alu.OR: v = d | s; c.flagsLogic(v, SIGN); return v;
            case Alu.ADC: v = d + s + (c.cf() ? 1 : 0); c.flagsAdd(d, s, v, SIGN); return v;
            case Alu.SBB: v = d - s - (c.cf() ? 1 : 0); c.flagsSub(d, s, v, SIGN); return v;
            case Alu.SUB: case Alu.CMP: v = d - s; c.flagsCmp32(d, s, v); return v;
            case Alu.XOR: v = d ^ s; c.flagsLogic(v, SIGN); return v;
            default: v = d & s; c.flagsLogic(v, SIGN); return v;
        }
    }

    /**
     * op m32, src as Alu.toE: read, compute, store (not for CMP and TEST), then the flags, so a
     * faulting store leaves the flags as they were.
     */
    private static void toMemory(Cpu c, Insn i, int op, int s) {
        int off = ea32(c, i);
        int d = c.read32(i.seg, off);
        int v;
        switch (op) {
            case Alu.ADD: v = d + s; break;
            case Alu.OR: v = d | s; break;
            case Alu.ADC: v = d + s + (c.cf() ? 1 : 0); break;
            case Alu.SBB: v = d - s - (c.cf() ? 1 : 0); break;
            case Alu.SUB: case Alu.CMP: v = d - s; break;
            case Alu.XOR: v = d ^ s; break;
            default: v = d & s; break;
        }
        if (op < Alu.CMP) {
            c.write32(i.seg, off, v);
        }
        switch (op) {
            case Alu.ADD: case Alu.ADC: c.flagsAdd(d, s, v, SIGN); break;
            case Alu.SBB: c.flagsSub(d, s, v, SIGN); break;
            case Alu.SUB: case Alu.CMP: c.flagsCmp32(d, s, v); break;
            default: c.flagsLogic(v, SIGN); break;
        }
    }

    /**
     * Condition code {@code cc} (SDM Vol. 2 Jcc, table B-1). While the flags are still those of a
     * 32-bit CMP or SUB ({@link Cpu#flagsOfCmp32}), the operands are compared directly; else as
     * {@link Cpu#condition}. Callers pass a constant, which the JIT folds.
     */
    static boolean condition(Cpu c, int cc) {
        if (!c.flagsOfCmp32()) {
            return c.condition(cc);
        }
        int d = c.lzDst;
        int s = c.lzSrc;
        boolean r;
        switch (cc >> 1) {
            case 0: r = ((d ^ s) & (d ^ (d - s))) < 0; break;
            case 1: r = Integer.compareUnsigned(d, s) < 0; break;
            case 2: r = d == s; break;
            case 3: r = Integer.compareUnsigned(d, s) <= 0; break;
            case 4: r = d - s < 0; break;
            case 5: return c.condition(cc);
            case 6: r = d < s; break;
            default: r = d <= s; break;
        }
        return r != ((cc & 1) != 0);
    }

    /** The effective address of a 32-bit addressing form (specialize takes no 16-bit one): Cpu.ea without the wrap. */
    private static int ea32(Cpu c, Insn i) {
        int[] r = c.regs;
        return i.disp + r[i.base] + (r[i.index] << i.scale);
    }

    /** IMUL r32, r/m32: as MulDiv.imulGvEv with a 4-byte operand. */
    private static void imul(Cpu c, Insn i, int src) {
        long p = (long) src * (long) c.regs[i.dst];
        boolean wide = p != (int) p;
        c.flagsResult((int) p, SIGN, wide, wide, false);
        c.regs[i.dst] = (int) p;
    }

    /** A near jump within the CS limit, as {@link Control#jumpNear} with a 32-bit operand size. */
    private static void jump(Cpu c, int target) {
        if (Integer.compareUnsigned(target, c.segLimit[CS]) > 0) {
            throw c.fault.with(Fault.GP, 0);
        }
        c.eip = target;
    }
}
