package org.j386.cpu;

import org.j386.cpu.OpcodeTable.Row;

/**
 * The dispatcher: one handler per operand shape (STYLE.md 2), numbered here, bound to the rows of
 * {@link OpcodeTable} once by {@link #bind} and selected per instruction by one switch.
 */
final class Dispatch {
    private Dispatch() { }

    static final int UD = 0;
    // Alu
    static final int ALU_EG = 1, ALU_GE = 2, ALU_AI = 3, ALU_EI = 4, INCDEC_E = 5, INCDEC_Z = 6, NOT_E = 7,
            NEG_E = 8;
    // MulDiv
    static final int GRP3_MULDIV = 10, IMUL_GE = 11, IMUL_GEI = 12;
    // Shifts
    static final int SHIFT_EI = 15, SHIFT_E1 = 16, SHIFT_ECL = 17, SHXD_I = 18, SHXD_CL = 19;
    // BitOps
    static final int BT_EG = 20, BT_EI = 21, BSF = 22, BSR = 23, BSWAP = 24, SETCC = 25;
    // Bcd
    static final int DAA = 26, DAS = 27, AAA = 28, AAS = 29, AAM = 30, AAD = 31;
    // DataMove
    static final int MOV_EG = 32, MOV_GE = 33, MOV_E_SW = 34, MOV_SW_E = 35, MOV_A_O = 36, MOV_O_A = 37,
            MOV_Z_I = 38, MOV_E_I = 39, MOVZX_B = 40, MOVZX_W = 41, MOVSX_B = 42, MOVSX_W = 43, LEA = 44,
            XCHG_EG = 45, XCHG_ZA = 46, NOP = 47, CBW = 48, CWD = 49, XLAT = 50, LSEG = 51, CMPXCHG = 52,
            XADD = 53, NOP_M = 54;
    // Control
    static final int JCC = 55, LOOP = 56, CALL_J = 57, JMP_J = 58, CALLF_AP = 59, JMPF_AP = 60, CALL_E = 61,
            CALLF_M = 62, JMP_E = 63, JMPF_M = 64, RET = 65, RETF = 66, INT3 = 67, INT = 68, INTO = 69,
            IRET = 70, BOUND = 71;
    // Stack
    static final int PUSH_Z = 72, POP_Z = 73, PUSH_I = 74, PUSH_E = 75, POP_E = 76, PUSH_SEG = 77,
            POP_SEG = 78, PUSHA = 79, POPA = 80, PUSHF = 81, POPF = 82, ENTER = 83, LEAVE = 84;
    // Flag instructions
    static final int SAHF = 85, LAHF = 86, CMC = 87, CLC = 88, STC = 89, CLI = 90, STI = 91, CLD = 92,
            STD = 93;
    // Strings
    static final int MOVS = 94, CMPS = 95, STOS = 96, LODS = 97, SCAS = 98, INS = 99, OUTS = 100;
    // I/O
    static final int IN_I = 101, OUT_I = 102, IN_DX = 103, OUT_DX = 104;
    // Processor control and system
    static final int HLT = 105, WAIT = 106, ESC = 107, CPUID = 108, RDTSC = 109, INVD = 110, CLTS = 111,
            ARPL = 112, LAR = 113, LSL = 114, GRP6 = 115, GRP7 = 116, MOV_R_CR = 117, MOV_R_DR = 118,
            MOV_CR_R = 119, MOV_DR_R = 120;

    private static final String ALU_NAMES = "ADD OR  ADC SBB AND SUB XOR CMP ";
    private static final String SHIFT_NAMES = "ROL ROR RCL RCR SHL SHR SAL SAR ";
    private static final String CC_NAMES = "O  NO B  AE E  NE BE A  S  NS P  NP L  GE LE G  ";
    private static final String SEG_NAMES = "ES CS SS DS FS GS ";

    static boolean isString(int op) {
        return op >= MOVS && op <= OUTS;
    }

    /** Jumps, calls and returns that leave CS, paging, EFLAGS.IF and TF as they were. */
    static boolean isNearTransfer(int op) {
        return op == JCC || op == LOOP || op == JMP_J || op == CALL_J || op == JMP_E || op == CALL_E || op == RET;
    }

    /**
     * Handlers that may run with EIP, the retired count and the roll-back point not yet written
     * back (Insn.PURE): they read none of them nor the current operand size, raise faults only
     * from memory accesses or #DE/#UD before any register changes, and change ESP (PUSH, POP,
     * LEAVE) only after their last access that can fault.
     */
    static boolean isPure(int op) {
        switch (op) {
            case ALU_EG: case ALU_GE: case ALU_AI: case ALU_EI: case INCDEC_E: case INCDEC_Z: case NOT_E:
            case NEG_E: case GRP3_MULDIV: case IMUL_GE: case IMUL_GEI: case SHIFT_EI: case SHIFT_E1:
            case SHIFT_ECL: case SHXD_I: case SHXD_CL: case BT_EG: case BT_EI: case BSF: case BSR: case BSWAP:
            case SETCC: case MOV_EG: case MOV_GE: case MOV_A_O: case MOV_O_A: case MOV_Z_I: case MOV_E_I:
            case MOVZX_B: case MOVZX_W: case MOVSX_B: case MOVSX_W: case LEA: case XCHG_EG: case XCHG_ZA:
            case NOP: case CBW: case CWD: case XLAT: case CMPXCHG: case XADD: case PUSH_Z: case POP_Z:
            case PUSH_I: case PUSH_E: case LEAVE: case SAHF: case LAHF: case CMC: case CLC: case STC:
            case CLD: case STD:
                return true;
            default:
                return false;
        }
    }

    private static int index(String names, String name, int width) {
        int at = names.indexOf(String.format("%-" + (width - 1) + "s ", name));
        return at < 0 || at % width != 0 ? -1 : at / width;
    }

    private static int h(int op, int sub) {
        return op << 8 | sub;
    }

    /** The handler and sub-operation of a row, as {@code op << 8 | sub}. */
    static int bind(Row r) {
        String m = r.mnemonic();
        String ops = String.join(",", r.operands());
        int alu = m.equals("TEST") ? Alu.TEST : index(ALU_NAMES, m, 4);
        if (alu >= 0) {
            switch (ops) {
                case "Eb,Gb", "Ev,Gv": return h(ALU_EG, alu);
                case "Gb,Eb", "Gv,Ev": return h(ALU_GE, alu);
                case "AL,Ib", "eAX,Iz": return h(ALU_AI, alu);
                default: return h(ALU_EI, alu);
            }
        }
        int shift = index(SHIFT_NAMES, m, 4);
        if (shift >= 0) {
            return h(ops.endsWith("Ib") ? SHIFT_EI : ops.endsWith("CL") ? SHIFT_ECL : SHIFT_E1, shift);
        }
        if (m.startsWith("SET")) {
            return h(SETCC, cc(r, m.substring(3)));
        }
        if (m.startsWith("J") && !m.equals("JMP") && !m.equals("JMPF") && !m.equals("JCXZ")) {
            return h(JCC, cc(r, m.substring(1)));
        }
        switch (m) {
            case "INC": case "DEC":
                return h(ops.equals("Zv") ? INCDEC_Z : INCDEC_E, m.equals("INC") ? 0 : 1);
            case "NOT": return h(NOT_E, 0);
            case "NEG": return h(NEG_E, 0);
            case "MUL": return h(GRP3_MULDIV, MulDiv.MUL);
            case "DIV": return h(GRP3_MULDIV, MulDiv.DIV);
            case "IDIV": return h(GRP3_MULDIV, MulDiv.IDIV);
            case "IMUL":
                return ops.equals("Gv,Ev") ? h(IMUL_GE, 0)
                        : ops.startsWith("Gv,Ev,") ? h(IMUL_GEI, 0) : h(GRP3_MULDIV, MulDiv.IMUL);
            case "SHLD": return h(ops.endsWith("CL") ? SHXD_CL : SHXD_I, 0);
            case "SHRD": return h(ops.endsWith("CL") ? SHXD_CL : SHXD_I, 1);
            case "BT": return h(ops.endsWith("Ib") ? BT_EI : BT_EG, BitOps.BT);
            case "BTS": return h(ops.endsWith("Ib") ? BT_EI : BT_EG, BitOps.BTS);
            case "BTR": return h(ops.endsWith("Ib") ? BT_EI : BT_EG, BitOps.BTR);
            case "BTC": return h(ops.endsWith("Ib") ? BT_EI : BT_EG, BitOps.BTC);
            case "BSF": return h(BSF, 0);
            case "BSR": return h(BSR, 0);
            case "BSWAP": return h(BSWAP, 0);
            case "DAA": return h(DAA, 0);
            case "DAS": return h(DAS, 0);
            case "AAA": return h(AAA, 0);
            case "AAS": return h(AAS, 0);
            case "AAM": return h(AAM, 0);
            case "AAD": return h(AAD, 0);
            case "MOV":
                switch (ops) {
                    case "Eb,Gb", "Ev,Gv": return h(MOV_EG, 0);
                    case "Gb,Eb", "Gv,Ev": return h(MOV_GE, 0);
                    case "Ev,Sw": return h(MOV_E_SW, 0);
                    case "Sw,Ew": return h(MOV_SW_E, 0);
                    case "AL,Ob", "eAX,Ov": return h(MOV_A_O, 0);
                    case "Ob,AL", "Ov,eAX": return h(MOV_O_A, 0);
                    case "Zb,Ib", "Zv,Iv": return h(MOV_Z_I, 0);
                    case "Eb,Ib", "Ev,Iz": return h(MOV_E_I, 0);
                    case "Rd,Cd": return h(MOV_R_CR, 0);
                    case "Rd,Dd": return h(MOV_R_DR, 0);
                    case "Cd,Rd": return h(MOV_CR_R, 0);
                    case "Dd,Rd": return h(MOV_DR_R, 0);
                    default: break;
                }
                break;
            case "MOVZX": return h(ops.endsWith("Eb") ? MOVZX_B : MOVZX_W, 0);
            case "MOVSX": return h(ops.endsWith("Eb") ? MOVSX_B : MOVSX_W, 0);
            case "LEA": return h(LEA, 0);
            case "XCHG": return h(ops.equals("Zv,eAX") ? XCHG_ZA : XCHG_EG, 0);
            case "NOP": return h(ops.equals("M") ? NOP_M : NOP, 0);
            case "CBW": return h(CBW, 0);
            case "CWD": return h(CWD, 0);
            case "XLAT": return h(XLAT, 0);
            case "LES": return h(LSEG, Cpu.ES);
            case "LDS": return h(LSEG, Cpu.DS);
            case "LSS": return h(LSEG, Cpu.SS);
            case "LFS": return h(LSEG, Cpu.FS);
            case "LGS": return h(LSEG, Cpu.GS);
            case "CMPXCHG": return h(CMPXCHG, 0);
            case "XADD": return h(XADD, 0);
            case "LOOPNE": return h(LOOP, Control.LOOPNE);
            case "LOOPE": return h(LOOP, Control.LOOPE);
            case "LOOP": return h(LOOP, Control.LOOP);
            case "JCXZ": return h(LOOP, Control.JCXZ);
            case "CALL": return h(ops.equals("Jz") ? CALL_J : CALL_E, 0);
            case "JMP": return h(ops.startsWith("J") ? JMP_J : JMP_E, 0);
            case "CALLF": return h(ops.equals("Ap") ? CALLF_AP : CALLF_M, 0);
            case "JMPF": return h(ops.equals("Ap") ? JMPF_AP : JMPF_M, 0);
            case "RET": return h(RET, 0);
            case "RETF": return h(RETF, 0);
            case "INT3": return h(INT3, 0);
            case "INT": return h(INT, 0);
            case "INTO": return h(INTO, 0);
            case "IRET": return h(IRET, 0);
            case "BOUND": return h(BOUND, 0);
            case "PUSH":
                switch (ops) {
                    case "Zv": return h(PUSH_Z, 0);
                    case "Iz", "Ib": return h(PUSH_I, 0);
                    case "Ev": return h(PUSH_E, 0);
                    default: return h(PUSH_SEG, index(SEG_NAMES, ops, 3));
                }
            case "POP":
                switch (ops) {
                    case "Zv": return h(POP_Z, 0);
                    case "Ev": return h(POP_E, 0);
                    default: return h(POP_SEG, index(SEG_NAMES, ops, 3));
                }
            case "PUSHA": return h(PUSHA, 0);
            case "POPA": return h(POPA, 0);
            case "PUSHF": return h(PUSHF, 0);
            case "POPF": return h(POPF, 0);
            case "ENTER": return h(ENTER, 0);
            case "LEAVE": return h(LEAVE, 0);
            case "SAHF": return h(SAHF, 0);
            case "LAHF": return h(LAHF, 0);
            case "CMC": return h(CMC, 0);
            case "CLC": return h(CLC, 0);
            case "STC": return h(STC, 0);
            case "CLI": return h(CLI, 0);
            case "STI": return h(STI, 0);
            case "CLD": return h(CLD, 0);
            case "STD": return h(STD, 0);
            case "MOVS": return h(MOVS, 0);
            case "CMPS": return h(CMPS, 0);
            case "STOS": return h(STOS, 0);
            case "LODS": return h(LODS, 0);
            case "SCAS": return h(SCAS, 0);
            case "INS": return h(INS, 0);
            case "OUTS": return h(OUTS, 0);
            case "IN": return h(ops.endsWith("Ib") ? IN_I : IN_DX, 0);
            case "OUT": return h(ops.startsWith("Ib") ? OUT_I : OUT_DX, 0);
            case "HLT": return h(HLT, 0);
            case "WAIT": return h(WAIT, 0);
            case "ESC": return h(ESC, 0);
            case "UD2": return h(UD, 0);
            case "CPUID": return h(CPUID, 0);
            case "RDTSC": return h(RDTSC, 0);
            case "INVD": case "WBINVD": return h(INVD, 0);
            case "CLTS": return h(CLTS, 0);
            case "ARPL": return h(ARPL, 0);
            case "LAR": return h(LAR, 0);
            case "LSL": return h(LSL, 0);
            case "SLDT": case "STR": case "LLDT": case "LTR": case "VERR": case "VERW":
                return h(GRP6, r.group());
            case "SGDT": case "SIDT": case "LGDT": case "LIDT": case "SMSW": case "LMSW": case "INVLPG":
                return h(GRP7, r.group());
            default: break;
        }
        throw new IllegalStateException("Dispatch.bind: no handler for line " + r.line() + ": " + r.form());
    }

    private static int cc(Row r, String name) {
        int cc = index(CC_NAMES, name, 3);
        if (cc < 0 || cc != (r.opcode() & 0xF)) {
            throw new IllegalStateException("Dispatch.bind: condition " + name + " does not match line " + r.line());
        }
        return cc;
    }

    /**
     * The handler of each number: one small class per operand shape, so the JIT compiles each on
     * its own and the run loop reaches it through one virtual call (the decoder stores it in
     * {@link Insn#handler}). Numbers from {@link Fast#FIRST} on are {@link Fast}'s.
     */
    static final Handler[] HANDLERS = new Handler[Fast.LAST + 1];

    private static void on(int op, Handler h) {
        HANDLERS[op] = h;
    }

    static {
        on(ALU_EG, new Handler() { void exec(Cpu c, Insn i) { Alu.eg(c, i); } });
        on(ALU_GE, new Handler() { void exec(Cpu c, Insn i) { Alu.ge(c, i); } });
        on(ALU_AI, new Handler() { void exec(Cpu c, Insn i) { Alu.ai(c, i); } });
        on(ALU_EI, new Handler() { void exec(Cpu c, Insn i) { Alu.ei(c, i); } });
        on(INCDEC_E, new Handler() { void exec(Cpu c, Insn i) { Alu.incDecE(c, i); } });
        on(INCDEC_Z, new Handler() { void exec(Cpu c, Insn i) { Alu.incDecZ(c, i); } });
        on(NOT_E, new Handler() { void exec(Cpu c, Insn i) { Alu.notE(c, i); } });
        on(NEG_E, new Handler() { void exec(Cpu c, Insn i) { Alu.negE(c, i); } });
        on(GRP3_MULDIV, new Handler() { void exec(Cpu c, Insn i) { MulDiv.grp3(c, i); } });
        on(IMUL_GE, new Handler() { void exec(Cpu c, Insn i) { MulDiv.imulGvEv(c, i, c.getReg(i.size, i.reg)); } });
        on(IMUL_GEI, new Handler() { void exec(Cpu c, Insn i) { MulDiv.imulGvEv(c, i, i.imm); } });
        on(SHIFT_EI, new Handler() { void exec(Cpu c, Insn i) { Shifts.grp2(c, i, i.imm & 0x1F); } });
        on(SHIFT_E1, new Handler() { void exec(Cpu c, Insn i) { Shifts.grp2(c, i, 1); } });
        on(SHIFT_ECL, new Handler() { void exec(Cpu c, Insn i) { Shifts.grp2(c, i, c.regs[Cpu.ECX] & 0x1F); } });
        on(SHXD_I, new Handler() { void exec(Cpu c, Insn i) { Shifts.shxd(c, i, i.imm & 0x1F); } });
        on(SHXD_CL, new Handler() { void exec(Cpu c, Insn i) { Shifts.shxd(c, i, c.regs[Cpu.ECX] & 0x1F); } });
        on(BT_EG, new Handler() { void exec(Cpu c, Insn i) { BitOps.btEvGv(c, i); } });
        on(BT_EI, new Handler() { void exec(Cpu c, Insn i) { BitOps.btEvIb(c, i); } });
        on(BSF, new Handler() { void exec(Cpu c, Insn i) { BitOps.bsf(c, i); } });
        on(BSR, new Handler() { void exec(Cpu c, Insn i) { BitOps.bsr(c, i); } });
        on(BSWAP, new Handler() { void exec(Cpu c, Insn i) { BitOps.bswap(c, i); } });
        on(SETCC, new Handler() { void exec(Cpu c, Insn i) { c.writeE(i, 1, c.condition(i.sub) ? 1 : 0); } });
        on(DAA, new Handler() { void exec(Cpu c, Insn i) { Bcd.daa(c); } });
        on(DAS, new Handler() { void exec(Cpu c, Insn i) { Bcd.das(c); } });
        on(AAA, new Handler() { void exec(Cpu c, Insn i) { Bcd.aaa(c); } });
        on(AAS, new Handler() { void exec(Cpu c, Insn i) { Bcd.aas(c); } });
        on(AAM, new Handler() { void exec(Cpu c, Insn i) { Bcd.aam(c, i.imm & 0xFF); } });
        on(AAD, new Handler() { void exec(Cpu c, Insn i) { Bcd.aad(c, i.imm & 0xFF); } });
        on(MOV_EG, new Handler() { void exec(Cpu c, Insn i) { DataMove.movEG(c, i); } });
        on(MOV_GE, new Handler() { void exec(Cpu c, Insn i) { DataMove.movGE(c, i); } });
        on(MOV_E_SW, new Handler() { void exec(Cpu c, Insn i) { DataMove.movESw(c, i); } });
        on(MOV_SW_E, new Handler() { void exec(Cpu c, Insn i) { DataMove.movSwE(c, i); } });
        on(MOV_A_O, new Handler() {
            void exec(Cpu c, Insn i) {
                c.setRegSized(i.size, Cpu.EAX, c.readMem(i.seg, c.ea(i), i.size));
            }
        });
        on(MOV_O_A, new Handler() {
            void exec(Cpu c, Insn i) {
                c.writeMem(i.seg, c.ea(i), i.size, c.regs[Cpu.EAX]);
            }
        });
        on(MOV_Z_I, new Handler() { void exec(Cpu c, Insn i) { c.setRegSized(i.size, i.reg, i.imm); } });
        on(MOV_E_I, new Handler() { void exec(Cpu c, Insn i) { c.writeE(i, i.size, i.imm); } });
        on(MOVZX_B, new Handler() { void exec(Cpu c, Insn i) { c.setRegSized(i.size, i.reg, c.readE(i, 1)); } });
        on(MOVZX_W, new Handler() { void exec(Cpu c, Insn i) { c.setRegSized(i.size, i.reg, c.readE(i, 2)); } });
        on(MOVSX_B, new Handler() { void exec(Cpu c, Insn i) { c.setRegSized(i.size, i.reg, (byte) c.readE(i, 1)); } });
        on(MOVSX_W, new Handler() {
            void exec(Cpu c, Insn i) {
                c.setRegSized(i.size, i.reg, (short) c.readE(i, 2));
            }
        });
        on(LEA, new Handler() { void exec(Cpu c, Insn i) { DataMove.lea(c, i); } });
        on(XCHG_EG, new Handler() { void exec(Cpu c, Insn i) { DataMove.xchg(c, i); } });
        on(XCHG_ZA, new Handler() { void exec(Cpu c, Insn i) { DataMove.xchgAccumulator(c, i); } });
        on(NOP, new Handler() { void exec(Cpu c, Insn i) {  } });
        on(NOP_M, new Handler() { void exec(Cpu c, Insn i) { DataMove.hintWithMemoryOperand(c, i); } });
        on(CBW, new Handler() { void exec(Cpu c, Insn i) { DataMove.cbw(c, i); } });
        on(CWD, new Handler() { void exec(Cpu c, Insn i) { DataMove.cwd(c, i); } });
        on(XLAT, new Handler() { void exec(Cpu c, Insn i) { DataMove.xlat(c, i); } });
        on(LSEG, new Handler() { void exec(Cpu c, Insn i) { DataMove.loadFarPointer(c, i); } });
        on(CMPXCHG, new Handler() { void exec(Cpu c, Insn i) { DataMove.cmpxchg(c, i); } });
        on(XADD, new Handler() { void exec(Cpu c, Insn i) { DataMove.xadd(c, i); } });
        on(JCC, new Handler() { void exec(Cpu c, Insn i) { if (c.condition(i.sub)) { Control.jumpRelative(c, i); } } });
        on(LOOP, new Handler() { void exec(Cpu c, Insn i) { Control.loop(c, i); } });
        on(CALL_J, new Handler() { void exec(Cpu c, Insn i) { Control.callRelative(c, i); } });
        on(JMP_J, new Handler() { void exec(Cpu c, Insn i) { Control.jumpRelative(c, i); } });
        on(CALLF_AP, new Handler() { void exec(Cpu c, Insn i) { Segmentation.farCall(c, i.imm2, i.imm, i.op32); } });
        on(JMPF_AP, new Handler() { void exec(Cpu c, Insn i) { Segmentation.farJump(c, i.imm2, i.imm, i.op32); } });
        on(CALL_E, new Handler() { void exec(Cpu c, Insn i) { Control.callIndirect(c, i); } });
        on(CALLF_M, new Handler() { void exec(Cpu c, Insn i) { Control.farIndirect(c, i, true); } });
        on(JMP_E, new Handler() { void exec(Cpu c, Insn i) { Control.jumpNear(c, i.op32, c.readE(i, i.size)); } });
        on(JMPF_M, new Handler() { void exec(Cpu c, Insn i) { Control.farIndirect(c, i, false); } });
        on(RET, new Handler() { void exec(Cpu c, Insn i) { Control.ret(c, i); } });
        on(RETF, new Handler() { void exec(Cpu c, Insn i) { Segmentation.farReturn(c, i.op32, i.imm & 0xFFFF); } });
        on(INT3, new Handler() { void exec(Cpu c, Insn i) { c.softwareInterrupt(Fault.BP); } });
        on(INT, new Handler() { void exec(Cpu c, Insn i) { Interrupts.intN(c, i.imm & 0xFF); } });
        on(INTO, new Handler() { void exec(Cpu c, Insn i) { if (c.of()) { c.softwareInterrupt(Fault.OF); } } });
        on(IRET, new Handler() { void exec(Cpu c, Insn i) { Control.iret(c, i); } });
        on(BOUND, new Handler() { void exec(Cpu c, Insn i) { Control.bound(c, i); } });
        on(PUSH_Z, new Handler() { void exec(Cpu c, Insn i) { c.push(i.op32, c.regs[i.reg]); } });
        on(POP_Z, new Handler() { void exec(Cpu c, Insn i) { Stack.popZ(c, i); } });
        on(PUSH_I, new Handler() { void exec(Cpu c, Insn i) { c.push(i.op32, i.imm); } });
        on(PUSH_E, new Handler() { void exec(Cpu c, Insn i) { c.push(i.op32, c.readE(i, i.size)); } });
        on(POP_E, new Handler() { void exec(Cpu c, Insn i) { Stack.popE(c, i); } });
        on(PUSH_SEG, new Handler() { void exec(Cpu c, Insn i) { c.push(i.op32, c.segSel[i.sub]); } });
        on(POP_SEG, new Handler() { void exec(Cpu c, Insn i) { Stack.popSeg(c, i); } });
        on(PUSHA, new Handler() { void exec(Cpu c, Insn i) { Stack.pusha(c, i); } });
        on(POPA, new Handler() { void exec(Cpu c, Insn i) { Stack.popa(c, i); } });
        on(PUSHF, new Handler() { void exec(Cpu c, Insn i) { Stack.pushf(c, i); } });
        on(POPF, new Handler() { void exec(Cpu c, Insn i) { Stack.popf(c, i); } });
        on(ENTER, new Handler() { void exec(Cpu c, Insn i) { Stack.enter(c, i); } });
        on(LEAVE, new Handler() { void exec(Cpu c, Insn i) { Stack.leave(c, i); } });
        on(SAHF, new Handler() { void exec(Cpu c, Insn i) { FlagOps.sahf(c); } });
        on(LAHF, new Handler() { void exec(Cpu c, Insn i) { FlagOps.lahf(c); } });
        on(CMC, new Handler() { void exec(Cpu c, Insn i) { c.setFlag(Eflags.CF, !c.cf()); } });
        on(CLC, new Handler() { void exec(Cpu c, Insn i) { c.setFlag(Eflags.CF, false); } });
        on(STC, new Handler() { void exec(Cpu c, Insn i) { c.setFlag(Eflags.CF, true); } });
        on(CLI, new Handler() { void exec(Cpu c, Insn i) { FlagOps.cli(c); } });
        on(STI, new Handler() { void exec(Cpu c, Insn i) { FlagOps.sti(c); } });
        on(CLD, new Handler() { void exec(Cpu c, Insn i) { c.flags &= ~Eflags.DF; } });
        on(STD, new Handler() { void exec(Cpu c, Insn i) { c.flags |= Eflags.DF; } });
        on(MOVS, new Handler() { void exec(Cpu c, Insn i) { StringOps.movs(c, i); } });
        on(CMPS, new Handler() { void exec(Cpu c, Insn i) { StringOps.cmps(c, i); } });
        on(STOS, new Handler() { void exec(Cpu c, Insn i) { StringOps.stos(c, i); } });
        on(LODS, new Handler() { void exec(Cpu c, Insn i) { StringOps.lods(c, i); } });
        on(SCAS, new Handler() { void exec(Cpu c, Insn i) { StringOps.scas(c, i); } });
        on(INS, new Handler() { void exec(Cpu c, Insn i) { StringOps.ins(c, i); } });
        on(OUTS, new Handler() { void exec(Cpu c, Insn i) { StringOps.outs(c, i); } });
        on(IN_I, new Handler() { void exec(Cpu c, Insn i) { IoInstructions.in(c, i, i.imm & 0xFF); } });
        on(OUT_I, new Handler() { void exec(Cpu c, Insn i) { IoInstructions.out(c, i, i.imm & 0xFF); } });
        on(IN_DX, new Handler() { void exec(Cpu c, Insn i) { IoInstructions.in(c, i, c.regs[Cpu.EDX] & 0xFFFF); } });
        on(OUT_DX, new Handler() { void exec(Cpu c, Insn i) { IoInstructions.out(c, i, c.regs[Cpu.EDX] & 0xFFFF); } });
        on(HLT, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.hlt(c); } });
        on(WAIT, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.fwait(c); } });
        on(ESC, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.esc(c); } });
        on(CPUID, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.cpuid(c); } });
        on(RDTSC, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.rdtsc(c); } });
        on(INVD, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.invd(c); } });
        on(CLTS, new Handler() { void exec(Cpu c, Insn i) { SystemInstructions.clts(c); } });
        on(ARPL, new Handler() { void exec(Cpu c, Insn i) { ProcessorControl.arpl(c, i); } });
        on(LAR, new Handler() { void exec(Cpu c, Insn i) { SystemInstructions.lar(c, i.reg, c.readE(i, 2)); } });
        on(LSL, new Handler() { void exec(Cpu c, Insn i) { SystemInstructions.lsl(c, i.reg, c.readE(i, 2)); } });
        on(GRP6, new Handler() {
            void exec(Cpu c, Insn i) {
                SystemInstructions.group6(c, i.reg, !i.mem, i.rm, i.seg, i.mem ? c.ea(i) : 0);
            }
        });
        on(GRP7, new Handler() {
            void exec(Cpu c, Insn i) {
                SystemInstructions.group7(c, i.reg, !i.mem, i.rm, i.seg, i.mem ? c.ea(i) : 0);
            }
        });
        on(MOV_R_CR, new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.rm] = SystemInstructions.movFromCr(c, i.reg);
            }
        });
        on(MOV_R_DR, new Handler() {
            void exec(Cpu c, Insn i) {
                c.regs[i.rm] = SystemInstructions.movFromDr(c, i.reg);
            }
        });
        on(MOV_CR_R, new Handler() {
            void exec(Cpu c, Insn i) {
                SystemInstructions.movToCr(c, i.reg, c.regs[i.rm]);
            }
        });
        on(MOV_DR_R, new Handler() {
            void exec(Cpu c, Insn i) {
                SystemInstructions.movToDr(c, i.reg, c.regs[i.rm]);
            }
        });
        on(UD, new Handler() { void exec(Cpu c, Insn i) { throw c.fault.with(Fault.UD, Fault.NO_ERROR_CODE); } });
        Fast.install(HANDLERS);
    }

    /** Executes {@code i}; EIP already points past it. */
    static void execute(Cpu c, Insn i) {
        i.handler.exec(c, i);
    }
}
