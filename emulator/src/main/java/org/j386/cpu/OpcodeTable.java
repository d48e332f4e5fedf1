package org.j386.cpu;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The opcode table (resource {@code opcodes.txt}): encoding in SDM Vol. 2 notation, mnemonic,
 * operand shape in Appendix A notation, the status flags left undefined, and the attributes
 * (LOCK allowed, ends a block, new on the 486). The decoder, the dispatcher and the test
 * generators all read it; nothing else states opcode facts.
 */
public final class OpcodeTable {
    /** Resource path of the table. */
    public static final String RESOURCE = "opcodes.txt";

    /** What follows the opcode (and ModRM) in the instruction stream. */
    public enum Immediate {
        /** Nothing. */
        NONE,
        /** ib: one byte. */
        IB,
        /** iw: two bytes. */
        IW,
        /** iz: two or four bytes by operand size. */
        IZ,
        /** cb: a signed 8-bit displacement to the next instruction. */
        CB,
        /** cz: a 16- or 32-bit displacement by operand size. */
        CZ,
        /** cp: a far pointer, offset (operand-sized) then selector. */
        CP,
        /** mo: an address-sized memory offset. */
        MO,
        /** iw ib: ENTER's frame size and nesting level. */
        IW_IB
    }

    /**
     * One row.
     *
     * @param line        line number in the resource, for test names
     * @param encoding    the encoding column as written
     * @param twoByte     the opcode follows 0F
     * @param opcode      the (last) opcode byte; for +r rows, the first of eight
     * @param modrm       a ModRM byte follows the opcode
     * @param group       ModRM.reg value that selects this row (/0../7), or -1
     * @param plusReg     the low three opcode bits name a register (+r)
     * @param immediate   what follows
     * @param mnemonic    SDM mnemonic
     * @param operands    operand shapes, empty when none
     * @param undefined   mask of {@link Eflags} status bits the SDM leaves undefined
     * @param lock        LOCK allowed on the memory form
     * @param endsBlock   ends a decoded block
     * @param since486    new on the 486
     */
    public record Row(int line, String encoding, boolean twoByte, int opcode, boolean modrm, int group,
                      boolean plusReg, Immediate immediate, String mnemonic, List<String> operands,
                      int undefined, boolean lock, boolean endsBlock, boolean since486) {
        /** "MNEMONIC shape,shape" — how tests and the dispatcher name a row. */
        public String form() {
            return operands.isEmpty() ? mnemonic : mnemonic + " " + String.join(",", operands);
        }

        /** Byte-sized: an operand is a byte and none is word/dword-sized (MOVZX Gv,Eb is v-sized). */
        public boolean byteSized() {
            boolean b = false;
            for (String o : operands) {
                switch (o) {
                    case "Eb", "Gb", "AL", "Zb", "Ob", "Xb", "Yb" -> b = true;
                    case "Ev", "Gv", "eAX", "Zv", "Ov", "Xv", "Yv", "Iz", "Iv" -> {
                        return false;
                    }
                    default -> { }
                }
            }
            return b;
        }
    }

    private static final List<Row> ROWS = load();

    private OpcodeTable() { }

    /** All rows, in file order. */
    public static List<Row> rows() {
        return ROWS;
    }

    private static List<Row> load() {
        try (InputStream in = OpcodeTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("OpcodeTable: resource " + RESOURCE + " missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<Row> rows = new ArrayList<>();
            String text;
            int line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                rows.add(parse(line, text));
            }
            return List.copyOf(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Row parse(int line, String text) {
        String[] col = text.split("\\|");
        if (col.length != 5) {
            throw new IllegalArgumentException("OpcodeTable line " + line + ": expected 5 columns: " + text);
        }
        String encoding = col[0].trim();
        boolean twoByte = false;
        int opcode = -1;
        boolean modrm = false;
        int group = -1;
        boolean plusReg = false;
        Immediate imm = Immediate.NONE;
        for (String tok : encoding.split("\\s+")) {
            switch (tok) {
                case "/r" -> modrm = true;
                case "ib" -> imm = imm == Immediate.IW ? Immediate.IW_IB : Immediate.IB;
                case "iw" -> imm = Immediate.IW;
                case "iz" -> imm = Immediate.IZ;
                case "cb" -> imm = Immediate.CB;
                case "cz" -> imm = Immediate.CZ;
                case "cp" -> imm = Immediate.CP;
                case "mo" -> imm = Immediate.MO;
                default -> {
                    if (tok.length() == 2 && tok.charAt(0) == '/') {
                        modrm = true;
                        group = tok.charAt(1) - '0';
                    } else {
                        String hex = tok.endsWith("+r") ? tok.substring(0, tok.length() - 2) : tok;
                        plusReg = hex != tok;
                        int b = Integer.parseInt(hex, 16);
                        if (opcode == 0x0F && !twoByte) {
                            twoByte = true;
                        } else if (opcode >= 0) {
                            throw new IllegalArgumentException("OpcodeTable line " + line + ": three opcode bytes");
                        }
                        opcode = b;
                    }
                }
            }
        }
        String ops = col[2].trim();
        List<String> operands = ops.equals("-") ? List.of() : List.of(ops.split(","));
        int undefined = 0;
        String und = col[3].trim();
        if (!und.equals("-")) {
            for (String f : und.split(",")) {
                undefined |= switch (f) {
                    case "CF" -> Eflags.CF;
                    case "PF" -> Eflags.PF;
                    case "AF" -> Eflags.AF;
                    case "ZF" -> Eflags.ZF;
                    case "SF" -> Eflags.SF;
                    case "OF" -> Eflags.OF;
                    default -> throw new IllegalArgumentException("OpcodeTable line " + line + ": flag " + f);
                };
            }
        }
        boolean lock = false;
        boolean end = false;
        boolean is486 = false;
        String attrs = col[4].trim();
        if (!attrs.equals("-")) {
            for (String a : attrs.split(",")) {
                switch (a) {
                    case "lock" -> lock = true;
                    case "end" -> end = true;
                    case "486" -> is486 = true;
                    default -> throw new IllegalArgumentException("OpcodeTable line " + line + ": attribute " + a);
                }
            }
        }
        return new Row(line, encoding, twoByte, opcode, modrm, group, plusReg, imm, col[1].trim(), operands,
                undefined, lock, end, is486);
    }
}
