package org.j386.disasm;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongBinaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.j386.cpu.OpcodeTable.Row;

/**
 * Where capstone 4.0.2 departs from the SDM, so j386's disassembler (which follows the SDM) prints
 * something else; the differential test accepts a difference only when one of these explains it
 * exactly. Each entry says what capstone does, why that is wrong, and recognises the difference by
 * re-deriving capstone's text from j386's, never by "anything goes" for a row.
 */
enum CapstoneDepartures {
    /**
     * With an address-size prefix, capstone sizes a bare displacement (moffs, mod 00 r/m 101/110)
     * by the mode, not by the address size: in 32-bit code a disp16 is shown sign-extended to 32
     * bits ({@code 0xffffffed}), in 16-bit code a disp32 is cut to 16 ({@code 0xfff0}). SDM Vol.
     * 2A 2.1.5 and table 2-1: the address size decides the width of the displacement and the address.
     */
    BARE_DISPLACEMENT_SIZED_BY_MODE("a bare displacement under 67 is sized by the code size, not the address size") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            boolean code32 = c.code32();
            return prefixes(c.bytes()).contains(ADDRESS_SIZE) && sameSize(cs, j386)
                    && cs.mnemonic().equals(j386.mnemonic())
                    && onlyNumbersDiffer(j386.operands(), cs.operands(),
                        (ours, theirs) -> theirs == (code32 ? (long) (short) ours & MASK32 : ours & MASK16) ? 1 : 0);
        }
    },
    /**
     * A relative branch target in 16-bit code or under a 66 or 67 prefix. The SDM (Jcc, JMP, CALL,
     * LOOP, JCXZ: "IF OperandSize = 16 THEN EIP ← EIP AND 0000FFFFH") cuts the target to 16 bits
     * exactly when the operand size is 16. capstone instead cuts every target in 16-bit code (also
     * under 66), cuts a rel16 in 32-bit code only when the 66 is the byte right before the opcode,
     * never cuts a rel8, and under 67 in 32-bit code adds only the low 16 bits of a rel32. Its
     * target always agrees with the SDM's in the low 16 bits.
     */
    RELATIVE_TARGET_WIDTH("a relative target's bits 31:16 follow the code size and adjacent prefixes, not the operand size") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            List<Integer> p = prefixes(c.bytes());
            boolean sized = !c.code32() || p.contains(OPERAND_SIZE) || p.contains(ADDRESS_SIZE);
            boolean relative = c.row().operands().contains("Jb") || c.row().operands().contains("Jz");
            return sized && relative && sameSize(cs, j386) && cs.mnemonic().equals(j386.mnemonic())
                    && onlyNumbersDiffer(j386.operands(), cs.operands(), (ours, theirs) -> (ours & MASK16) == (theirs & MASK16) ? 1 : 0);
        }
    },
    /**
     * CBW/CWDE (98), CWD/CDQ (99) and JCXZ/JECXZ (E3) are named by the operand or address size (SDM
     * Vol. 2A). capstone names them by the code size and the one prefix byte right before the
     * opcode: 98 and 99 are always {@code cwtl}/{@code cltd} in 16-bit code and in 32-bit code
     * unless a 66 is that byte; E3 takes 67 into account only there.
     */
    SIZE_NAMES_FROM_THE_BYTE_BEFORE_THE_OPCODE("cbtw/cwtl, cwtd/cltd, jcxz/jecxz are named from the byte before the opcode") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            int before = lastPrefix(c.bytes());
            String theirs = switch (j386.mnemonic()) {
                case "cbtw", "cwtl" -> c.code32() && before == OPERAND_SIZE ? "cbtw" : "cwtl";
                case "cwtd", "cltd" -> c.code32() && before == OPERAND_SIZE ? "cwtd" : "cltd";
                case "jcxz", "jecxz" -> (before == ADDRESS_SIZE) != c.code32() ? "jecxz" : "jcxz";
                default -> null;
            };
            return theirs != null && theirs.equals(cs.mnemonic()) && sameSize(cs, j386)
                    && (cs.operands().equals(j386.operands()) || RELATIVE_TARGET_WIDTH.explains(c,
                        new Capstone.Result(cs.size(), j386.mnemonic(), cs.operands()), j386, with(done, this)));
        }
    },
    /**
     * An operand-size prefix before REP or REPNE (on a string instruction or a hint NOP): capstone
     * ignores the 66, as if the F2/F3 after it replaced it as SSE's "mandatory prefix" ({@code 66 f3
     * ab} is {@code rep stosl}); prefixes apply in any order (SDM Vol. 2A 2.1.1).
     */
    OPERAND_SIZE_BEFORE_REP_IGNORED("66 before F2/F3 is ignored") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            List<Integer> p = prefixes(c.bytes());
            int opsz = p.indexOf(OPERAND_SIZE);
            int rep = Math.max(p.lastIndexOf(REP), p.lastIndexOf(REPNE));
            if (opsz < 0 || rep < opsz || !sameSize(cs, j386)) {
                return false;
            }
            Instruction without = Disassembler.decode(CodeReader.of(withoutOperandSize(c.bytes()), c.address()),
                    c.address(), c.code32());
            return without != null && rest(c, new Capstone.Result(without.length(), cs.mnemonic(), cs.operands()), without, with(done, this));
        }
    },
    /**
     * The register forms of the hint NOPs 0F 1A to 0F 1F (SDM Vol. 2B NOP, and table A-3 "NOP" for
     * 0F 18-1F): capstone 4 does not decode them and skips the first byte. It knows F3 0F 1E FB
     * and FA (ENDBR32, ENDBR64, SDM Vol. 2A) only in 32-bit code with F3 the only prefix.
     */
    HINT_NOP_REGISTER_FORMS_REFUSED("the register forms of the hint NOPs 0F 1A-1F are not decoded") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            Row r = c.row();
            return r.twoByte() && r.opcode() >= HINT_NOP_FIRST_REFUSED && r.opcode() <= HINT_NOP_LAST && cs.mnemonic().equals(".byte")
                    && j386.valid() && (j386.mnemonic().startsWith("nop") || j386.mnemonic().startsWith("endbr"));
        }
    },
    /**
     * F3 90 is PAUSE in every mode, whatever other prefixes come between (SDM Vol. 2B PAUSE).
     * capstone says {@code pause} only in 32-bit code with F3 the byte right before the 90.
     */
    PAUSE_ONLY_WITH_F3_NEXT_TO_90_IN_32_BIT_CODE("F3 90 is pause only in 32-bit code with F3 right before 90") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            boolean theirs = c.code32() && lastPrefix(c.bytes()) == REP;
            return sameSize(cs, j386) && j386.mnemonic().equals("pause") && cs.mnemonic().equals(theirs ? "pause" : "nop");
        }
    },
    /**
     * REPNE MOVS with a doubleword operand ({@code f2 a5} in 32-bit code): capstone drops the
     * prefix, apparently taking it for SSE2's MOVSD; the SDM (Vol. 2B REP/REPE/REPZ/REPNE/REPNZ)
     * repeats it, REPNE acting as REP for MOVS.
     */
    REPNE_DROPPED_FROM_MOVSL("repne is dropped from movsl") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            return sameSize(cs, j386) && j386.mnemonic().equals("repne movsl") && cs.mnemonic().equals("movsl")
                    && rest(c, new Capstone.Result(cs.size(), j386.mnemonic(), cs.operands()), j386, with(done, this));
        }
    },
    /**
     * The hint NOPs 0F 18 /4 to /7 take the operand size as every NOP r/m does (SDM Vol. 2B NOP).
     * capstone's suffix for them is {@code w} only in 32-bit code with a 66 right before the 0F,
     * else {@code l} (so {@code nopl (%bx, %si)} in 16-bit code).
     */
    HINT_NOP_0F18_SUFFIX_FROM_CODE_SIZE("0F 18 /4-7 is nopl unless a 66 is right before it in 32-bit code") {
        @Override
        boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
            boolean word = c.code32() && lastPrefix(c.bytes()) == OPERAND_SIZE;
            return c.row().twoByte() && c.row().opcode() == HINT_NOP_PREFETCH_GROUP && sameSize(cs, j386)
                    && j386.mnemonic().startsWith("nop") && cs.mnemonic().equals(word ? "nopw" : "nopl")
                    && rest(c, new Capstone.Result(cs.size(), j386.mnemonic(), cs.operands()), j386, with(done, this));
        }
    };

    static final int OPERAND_SIZE = 0x66, ADDRESS_SIZE = 0x67, REP = 0xF3, REPNE = 0xF2;
    private static final int HINT_NOP_FIRST_REFUSED = 0x1A, HINT_NOP_LAST = 0x1F, HINT_NOP_PREFETCH_GROUP = 0x18;
    private static final long MASK16 = 0xFFFFL, MASK32 = 0xFFFF_FFFFL;
    private static final java.util.Set<Integer> PREFIXES = java.util.Set.of(0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65,
            OPERAND_SIZE, ADDRESS_SIZE, 0xF0, REPNE, REP);
    private static final Pattern NUMBER = Pattern.compile("-?(0x[0-9a-f]+|[0-9]+)");

    final String summary;

    CapstoneDepartures(String summary) {
        this.summary = summary;
    }

    /**
     * Whether this departure, with others not in {@code done} for what is left, turns j386's
     * instruction into what capstone printed.
     */
    abstract boolean explains(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done);

    /** The departure that explains this difference, or null. */
    static CapstoneDepartures find(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386) {
        if (cs == null || j386 == null) {
            return null;
        }
        for (CapstoneDepartures d : values()) {
            if (d.explains(c, cs, j386, EnumSet.noneOf(CapstoneDepartures.class))) {
                return d;
            }
        }
        return null;
    }

    /**
     * What is left after one departure is accounted for: equal, or explained by another departure
     * (a case can show two, e.g. 66 before REPNE on MOVS and the dropped REPNE).
     */
    static boolean rest(EncodingGenerator.Case c, Capstone.Result cs, Instruction j386, Set<CapstoneDepartures> done) {
        if (cs.size() == j386.length() && cs.mnemonic().equals(j386.mnemonic()) && cs.operands().equals(j386.operands())) {
            return true;
        }
        for (CapstoneDepartures d : values()) {
            if (!done.contains(d) && d.explains(c, cs, j386, done)) {
                return true;
            }
        }
        return false;
    }

    private static Set<CapstoneDepartures> with(Set<CapstoneDepartures> done, CapstoneDepartures d) {
        Set<CapstoneDepartures> s = EnumSet.copyOf(done.isEmpty() ? EnumSet.of(d) : done);
        s.add(d);
        return s;
    }

    static boolean sameSize(Capstone.Result cs, Instruction j386) {
        return cs.size() == j386.length();
    }

    /** The prefix byte right before the opcode, or -1 if there is none. */
    static int lastPrefix(byte[] bytes) {
        List<Integer> p = prefixes(bytes);
        return p.isEmpty() ? -1 : p.get(p.size() - 1);
    }

    static List<Integer> prefixes(byte[] bytes) {
        List<Integer> out = new ArrayList<>();
        for (byte b : bytes) {
            if (!PREFIXES.contains(b & 0xFF)) {
                break;
            }
            out.add(b & 0xFF);
        }
        return out;
    }

    private static byte[] withoutOperandSize(byte[] bytes) {
        int n = prefixes(bytes).size();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < bytes.length; i++) {
            if (i >= n || (bytes[i] & 0xFF) != OPERAND_SIZE) {
                out.write(bytes[i]);
            }
        }
        return out.toByteArray();
    }

    /**
     * Whether the two texts are the same but for numbers, and each pair of differing numbers
     * satisfies {@code relation} (ours, theirs) != 0. At least one number must differ.
     */
    static boolean onlyNumbersDiffer(String ours, String theirs, LongBinaryOperator relation) {
        Matcher a = NUMBER.matcher(ours);
        Matcher b = NUMBER.matcher(theirs);
        int ia = 0, ib = 0;
        boolean differ = false;
        while (true) {
            boolean fa = a.find(), fb = b.find();
            if (fa != fb) {
                return false;
            }
            if (!fa) {
                return differ && ours.substring(ia).equals(theirs.substring(ib));
            }
            if (!ours.substring(ia, a.start()).equals(theirs.substring(ib, b.start()))) {
                return false;
            }
            if (!a.group().equals(b.group())) {
                if (relation.applyAsLong(value(a.group()), value(b.group())) == 0) {
                    return false;
                }
                differ = true;
            }
            ia = a.end();
            ib = b.end();
        }
    }

    private static long value(String n) {
        boolean neg = n.startsWith("-");
        String s = neg ? n.substring(1) : n;
        long v = s.startsWith("0x") ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        return neg ? -v : v;
    }
}
