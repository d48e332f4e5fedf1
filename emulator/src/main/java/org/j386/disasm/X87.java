package org.j386.disasm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.j386.cpu.OpcodeTable.Row;

/**
 * The AT&amp;T spellings of the x87 escape instructions (resource {@code x87.txt}, SDM Vol. 2
 * Appendix A.4): the opcode table knows D8-DF only as "ESC Ev", what the integer unit executes
 * (#NM without a coprocessor); this names each ModRM form.
 */
final class X87 {
    static final String RESOURCE = "x87.txt";
    /** The escape opcodes are D8..DF. */
    static final int FIRST_ESCAPE = 0xD8;
    private static final int ESCAPES = 8;
    private static final int GROUP = 8;
    private static final int COLUMNS = 3;

    /** One form: its mnemonic and its operands in AT&T order (m, i, 0, ax). */
    record Form(String mnemonic, List<String> operands) { }

    private static final Form[] MEMORY = new Form[ESCAPES * GROUP];
    private static final Form[] REGISTER = new Form[ESCAPES * GROUP];
    /** Register forms valid for one ModRM byte only, keyed opcode << 8 | ModRM. */
    private static final Map<Integer, Form> SINGLE = new HashMap<>();

    static {
        load();
    }

    private X87() { }

    static boolean isEscape(Row row) {
        return row.mnemonic().equals("ESC");
    }

    /** The form of the escape instruction {@code d} decodes to, or null for a reserved one. */
    static Form spelling(Decoded d) {
        int slot = (d.opcode - FIRST_ESCAPE) * GROUP + d.reg;
        if (d.memory) {
            return MEMORY[slot];
        }
        Form f = REGISTER[slot];
        return f != null ? f : SINGLE.get(d.opcode << 8 | 0xC0 | d.reg << 3 | d.rm);
    }

    private static void load() {
        try (InputStream in = X87.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("X87: resource " + RESOURCE + " missing");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String text;
            int line = 0;
            while ((text = r.readLine()) != null) {
                line++;
                if (!text.isBlank() && !text.startsWith("#")) {
                    parse(line, text);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void parse(int line, String text) {
        String[] col = text.split("\\|");
        if (col.length != COLUMNS) {
            throw new IllegalArgumentException("X87 line " + line + ": expected 3 columns: " + text);
        }
        String[] enc = col[0].trim().split("\\s+");
        int opcode = Integer.parseInt(enc[0], 16);
        int reg = enc[1].charAt(1) - '0';
        if (opcode < FIRST_ESCAPE || opcode >= FIRST_ESCAPE + ESCAPES || reg < 0 || reg >= GROUP) {
            throw new IllegalArgumentException("X87 line " + line + ": bad encoding " + col[0].trim());
        }
        String ops = col[2].trim();
        Form f = new Form(col[1].trim(), ops.equals("-") ? List.of() : List.of(ops.split(",")));
        int slot = (opcode - FIRST_ESCAPE) * GROUP + reg;
        switch (enc[2]) {
            case "m" -> MEMORY[slot] = f;
            case "r" -> {
                if (enc.length > 3) {
                    SINGLE.put(opcode << 8 | Integer.parseInt(enc[3], 16), f);
                } else {
                    REGISTER[slot] = f;
                }
            }
            default -> throw new IllegalArgumentException("X87 line " + line + ": form " + enc[2]);
        }
    }
}
