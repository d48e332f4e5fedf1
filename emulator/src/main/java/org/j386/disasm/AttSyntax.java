package org.j386.disasm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.j386.cpu.OpcodeTable.Row;

/**
 * How AT&amp;T syntax spells a decoded instruction, as capstone 4.0.2 prints it for QEMU: the
 * mnemonic in lower case with a size suffix ({@code b}, {@code w}, {@code l}) unless the operands or
 * the instruction fix it, the operands in reverse SDM order, registers as {@code %eax}, memory as
 * {@code seg:disp(base, index, scale)}, immediates as {@code $n}. Numbers up to 9 are decimal, larger
 * ones hexadecimal; negative ones keep their sign ({@code -0x10}).
 *
 * <p>The few spellings that are capstone's own rather than a rule, each kept here with its row:
 * ROL Ev,1 on a 32-bit register has no suffix; MOVZX/MOVSX from a word and BSWAP always say
 * {@code l}; the register forms of SLDT, STR, SMSW, LAR, LSL and MOV Sreg take the operand size;
 * AAM/AAD omit the default base 10; ENTER and XCHG eAX keep SDM order; AND, OR and XOR show a
 * sign-extended byte immediate unsigned.
 */
final class AttSyntax {
    private static final String[] REG8 = {"al", "cl", "dl", "bl", "ah", "ch", "dh", "bh"};
    private static final String[] REG16 = {"ax", "cx", "dx", "bx", "sp", "bp", "si", "di"};
    private static final String[] REG32 = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
    private static final String[] SEGMENT = {"es", "cs", "ss", "ds", "fs", "gs"};
    /** capstone prints 0..9 in decimal and anything larger in hexadecimal. */
    private static final int HEX_THRESHOLD = 9;
    private static final long MASK16 = 0xFFFFL;
    private static final long MASK32 = 0xFFFF_FFFFL;
    private static final int BYTE = 1, WORD = 2, DWORD = 4;
    /** AAM and AAD with this base print no operand (SDM: D4 0A, D5 0A). */
    private static final int DEFAULT_BCD_BASE = 10;
    /** 0F 18 /0../3 with a memory operand: the prefetch hints (SDM Vol. 2B PREFETCHh). */
    private static final String[] PREFETCH = {"prefetchnta", "prefetcht0", "prefetcht1", "prefetcht2"};
    private static final int HINT_NOP_PREFETCH = 0x18;
    private static final int HINT_NOP_TWO_OPERANDS = 0x19;
    /** F3 0F 1E FB and F3 0F 1E FA: ENDBR32 and ENDBR64 (SDM Vol. 2A ENDBR32), NOPs to a 486. */
    private static final int HINT_NOP_ENDBR = 0x1E;
    private static final int MODRM_ENDBR32 = 0xFB, MODRM_ENDBR64 = 0xFA;
    private static final int NOP_OPCODE = 0x90;

    /** Mnemonics written without a size suffix (besides the branches to a relative target). */
    private static final Set<String> NO_SUFFIX = Set.of("DAA", "DAS", "AAA", "AAS", "AAM", "AAD", "SAHF", "LAHF",
            "CMC", "CLC", "STC", "CLI", "STI", "CLD", "STD", "HLT", "WAIT", "UD2", "CPUID", "RDTSC", "INVD",
            "WBINVD", "CLTS", "INT", "INT3", "INTO", "ENTER", "LEAVE", "BOUND", "ARPL", "VERR", "VERW", "INVLPG",
            "SETO", "SETNO", "SETB", "SETAE", "SETE", "SETNE", "SETBE", "SETA", "SETS", "SETNS", "SETP", "SETNP",
            "SETL", "SETGE", "SETLE", "SETG");
    /** Always a word: the selector and MSW loads. */
    private static final Set<String> WORD_SUFFIX = Set.of("LLDT", "LTR", "LMSW");
    /** Ew names a register of the operand size, and the suffix follows it (a memory Ew is a word). */
    private static final Set<String> EW_OPERAND_SIZE = Set.of("SLDT", "STR", "SMSW", "LAR", "LSL", "MOV");
    /** Ib sign-extended to the operand size (SDM: 83 /digit, 6A, 6B). */
    private static final Set<String> SIGN_EXTENDED_IB = Set.of("ADD", "OR", "ADC", "SBB", "AND", "SUB", "XOR",
            "CMP", "PUSH", "IMUL");
    /** ...of which these show it masked to the operand size, unsigned. */
    private static final Set<String> UNSIGNED_LOGIC = Set.of("AND", "OR", "XOR");
    private static final Set<String> INDIRECT = Set.of("CALL", "JMP", "CALLF", "JMPF");

    private AttSyntax() { }

    static Instruction spell(Decoded d) {
        Row row = d.row;
        boolean string = isString(row);
        boolean repString = string && d.rep != 0;
        String mnemonic;
        String operands;
        if (X87.isEscape(row)) {
            X87.Form f = X87.spelling(d);
            mnemonic = f.mnemonic();
            operands = x87Operands(d, f);
        } else {
            mnemonic = mnemonic(d);
            operands = operands(d);
        }
        String prefix = "";
        if (repString) {
            boolean compares = row.mnemonic().equals("CMPS") || row.mnemonic().equals("SCAS");
            prefix = d.rep == Decoded.PREFIX_REPNE ? "repne " : compares ? "repe " : "rep ";
        } else if (d.lock) {
            prefix = "lock ";
        }
        return new Instruction(d.address, d.bytes(), prefix + mnemonic, operands, true,
                row.endsBlock() || repString, repString);
    }

    /** A string instruction: an operand addressed by (E)SI or (E)DI (Appendix A: X and Y). */
    static boolean isString(Row row) {
        for (String shape : row.operands()) {
            if (shape.startsWith("X") || shape.startsWith("Y")) {
                return true;
            }
        }
        return false;
    }

    private static int operandSize(Decoded d) {
        return d.row.byteSized() ? BYTE : d.op32() ? DWORD : WORD;
    }

    private static String suffix(int size) {
        return switch (size) {
            case BYTE -> "b";
            case WORD -> "w";
            default -> "l";
        };
    }

    private static boolean hasRelativeTarget(Row row) {
        return row.operands().contains("Jb") || row.operands().contains("Jz");
    }

    private static String mnemonic(Decoded d) {
        Row row = d.row;
        String m = row.mnemonic();
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        int size = operandSize(d);
        switch (m) {
            case "CBW":
                return d.op32() ? "cwtl" : "cbtw";
            case "CWD":
                return d.op32() ? "cltd" : "cwtd";
            case "JCXZ":
                return d.addr32() ? "jecxz" : "jcxz";
            case "XLAT":
                return "xlatb";
            case "BSWAP":
                return "bswapl";
            case "MOVZX", "MOVSX": {
                boolean fromWord = row.operands().contains("Ew");
                return (m.equals("MOVZX") ? "movz" : "movs") + (fromWord ? "wl" : "b" + suffix(size));
            }
            case "CALLF":
                return "lcall" + suffix(size);
            case "JMPF":
                return "ljmp" + suffix(size);
            case "RETF":
                return "lret" + suffix(size);
            case "NOP":
                return nopMnemonic(d, size);
            case "ROL":
                // capstone's spelling of D1 /0 on a 32-bit register: the register gives the size.
                return row.operands().contains("1") && !d.memory && size == DWORD ? "rol" : "rol" + suffix(size);
            case "MOV":
                if (row.operands().contains("Cd") || row.operands().contains("Dd")) {
                    return "movl";
                }
                return row.operands().contains("Sw") && d.memory ? "movw" : "mov" + suffix(size);
            case "SLDT", "STR", "SMSW":
                return lower + (d.memory ? "w" : suffix(size));
            default:
                break;
        }
        if (WORD_SUFFIX.contains(m)) {
            return lower + "w";
        }
        if (NO_SUFFIX.contains(m) || hasRelativeTarget(row) && !m.equals("CALL")) {
            return lower;
        }
        return lower + suffix(size);
    }

    private static String nopMnemonic(Decoded d, int size) {
        if (!d.twoByte) {
            // SDM Vol. 2B PAUSE: F3 90.
            return d.opcode == NOP_OPCODE && d.rep == Decoded.PREFIX_REP ? "pause" : "nop";
        }
        String endbr = endbr(d);
        if (endbr != null) {
            return endbr;
        }
        if (d.opcode == HINT_NOP_PREFETCH && d.reg < PREFETCH.length) {
            return PREFETCH[d.reg];
        }
        if (d.opcode == HINT_NOP_TWO_OPERANDS && !d.memory) {
            return "nop";
        }
        return "nop" + suffix(size);
    }

    /** "endbr32" or "endbr64" for F3 0F 1E FB/FA, else null. */
    private static String endbr(Decoded d) {
        if (!d.twoByte || d.opcode != HINT_NOP_ENDBR || d.rep != Decoded.PREFIX_REP || d.memory) {
            return null;
        }
        int modrm = d.mod << 6 | d.reg << 3 | d.rm;
        return modrm == MODRM_ENDBR32 ? "endbr32" : modrm == MODRM_ENDBR64 ? "endbr64" : null;
    }

    private static String operands(Decoded d) {
        Row row = d.row;
        String m = row.mnemonic();
        if (m.equals("NOP") && endbr(d) != null) {
            return "";
        }
        List<String> out = new ArrayList<>();
        if (m.equals("NOP") && d.twoByte && d.opcode == HINT_NOP_TWO_OPERANDS && !d.memory) {
            // capstone shows this hint NOP with ModRM.reg as a second operand.
            out.add(register(operandSize(d), d.rm));
            out.add(register(operandSize(d), d.reg));
        } else if (m.equals("NOP") && !d.twoByte) {
            return "";
        } else {
            for (String shape : row.operands()) {
                String text = operand(d, shape);
                if (text != null) {
                    out.add(text);
                }
            }
        }
        boolean sdmOrder = m.equals("ENTER") || m.equals("XCHG") && row.operands().contains("Zv");
        if (!sdmOrder) {
            Collections.reverse(out);
        }
        return String.join(", ", out);
    }

    private static String operand(Decoded d, String shape) {
        Row row = d.row;
        String m = row.mnemonic();
        int size = operandSize(d);
        String star = INDIRECT.contains(m) && (shape.equals("Ev") || shape.equals("Mp")) ? "*" : "";
        switch (shape) {
            case "Eb":
                return modrm(d, BYTE);
            case "Ev":
                return star + modrm(d, size);
            case "Ew":
                return modrm(d, EW_OPERAND_SIZE.contains(m) ? size : WORD);
            case "Rd":
                return "%" + REG32[d.rm];
            case "M", "Mp", "Ma", "Ms", "Ob", "Ov":
                return star + memory(d);
            case "Gb":
                return register(BYTE, d.reg);
            case "Gv":
                return register(size, d.reg);
            case "Gw":
                return register(WORD, d.reg);
            case "Sw":
                return "%" + SEGMENT[d.reg];
            case "Cd":
                return "%cr" + d.reg;
            case "Dd":
                return "%dr" + d.reg;
            case "Ib", "Iz", "Iv", "Iw":
                return immediate(d, shape, size);
            case "1":
                return "$1";
            case "CL":
                return "%cl";
            case "DX":
                return "%dx";
            case "AL":
                return "%al";
            case "eAX":
                return register(size, 0);
            case "Zb":
                return register(BYTE, d.opcode & 7);
            case "Zv", "Zd":
                return register(size, d.opcode & 7);
            case "Jb", "Jz":
                return number(target(d));
            case "Ap":
                return String.format("$0x%x:$0x%x", d.immediate2, d.op32() ? d.immediate & MASK32 : d.immediate & MASK16);
            case "Xb", "Xv":
                return segmentOverride(d) + "(" + (d.addr32() ? "%esi" : "%si") + ")";
            case "Yb", "Yv":
                return "%es:(" + (d.addr32() ? "%edi" : "%di") + ")";
            case "ES", "CS", "SS", "DS", "FS", "GS":
                return "%" + shape.toLowerCase(java.util.Locale.ROOT);
            default:
                throw new IllegalStateException("AttSyntax: operand shape " + shape + " of " + row.form());
        }
    }

    private static String immediate(Decoded d, String shape, int size) {
        String m = d.row.mnemonic();
        long mask = size == DWORD ? MASK32 : MASK16;
        long v;
        if (m.equals("ENTER")) {
            v = shape.equals("Iw") ? (short) d.immediate : (byte) d.immediate2;
        } else if (shape.equals("Iw")) {
            v = d.immediate & MASK16;
        } else if (shape.equals("Ib")) {
            if (size != BYTE && SIGN_EXTENDED_IB.contains(m)) {
                v = UNSIGNED_LOGIC.contains(m) ? d.immediate & mask : d.immediate;
            } else {
                v = d.immediate & 0xFF;
                if ((m.equals("AAM") || m.equals("AAD")) && v == DEFAULT_BCD_BASE) {
                    return null;
                }
            }
        } else {
            v = d.immediate & mask;
        }
        return "$" + number(v);
    }

    /** SDM Vol. 2A JMP/Jcc: the next instruction's offset plus the displacement, cut to the operand size. */
    private static long target(Decoded d) {
        long next = (d.address + d.length) & MASK32;
        return (next + d.immediate) & (d.op32() ? MASK32 : MASK16);
    }

    private static String segmentOverride(Decoded d) {
        return d.segment == Decoded.NONE ? "" : "%" + SEGMENT[d.segment] + ":";
    }

    private static String modrm(Decoded d, int size) {
        return d.memory ? memory(d) : register(size, d.rm);
    }

    private static String register(int size, int n) {
        return "%" + switch (size) {
            case BYTE -> REG8[n];
            case WORD -> REG16[n];
            default -> REG32[n];
        };
    }

    /** {@code seg:disp(base, index, scale)}; a bare displacement is an address, shown unsigned. */
    private static String memory(Decoded d) {
        StringBuilder s = new StringBuilder(segmentOverride(d));
        boolean a32 = d.addr32();
        if (d.base == Decoded.NONE && d.index == Decoded.NONE) {
            return s.append(number(d.displacement & (a32 ? MASK32 : MASK16))).toString();
        }
        if (d.displacement != 0) {
            s.append(number(d.displacement));
        }
        s.append('(');
        int width = a32 ? DWORD : WORD;
        if (d.base != Decoded.NONE) {
            s.append(register(width, d.base));
        }
        if (d.index != Decoded.NONE) {
            s.append(", ").append(register(width, d.index));
            if (d.scale != 1) {
                s.append(", ").append(d.scale);
            }
        }
        return s.append(')').toString();
    }

    private static String x87Operands(Decoded d, X87.Form f) {
        List<String> out = new ArrayList<>();
        for (String o : f.operands()) {
            out.add(switch (o) {
                case "m" -> memory(d);
                case "i" -> "%st(" + d.rm + ")";
                case "0" -> "%st(0)";
                case "ax" -> "%ax";
                default -> throw new IllegalStateException("AttSyntax: x87 operand " + o);
            });
        }
        return String.join(", ", out);
    }

    /** capstone's number format: decimal up to 9, else 0x-hex; a negative value keeps its sign. */
    static String number(long v) {
        if (v < 0) {
            return v < -HEX_THRESHOLD ? "-0x" + Long.toHexString(-v) : "-" + (-v);
        }
        return v > HEX_THRESHOLD ? "0x" + Long.toHexString(v) : Long.toString(v);
    }
}
