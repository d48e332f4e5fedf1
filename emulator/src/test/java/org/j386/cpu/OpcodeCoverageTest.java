package org.j386.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.j386.cpu.OpcodeTable.Row;
import org.junit.jupiter.api.Test;

/** The meta-test (STYLE.md 5): every row of the opcode table is exercised by at least one vector. */
class OpcodeCoverageTest {
    private static final int[] PREFIXES = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65, 0x66, 0x67, 0xF0, 0xF2, 0xF3};

    private static boolean isPrefix(int b) {
        for (int p : PREFIXES) {
            if (p == b) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code code} encodes an instruction of row {@code r}: its map, opcode (+r range) and /digit. */
    static boolean matches(Row r, byte[] code) {
        int k = 0;
        while (k < code.length && isPrefix(code[k] & 0xFF)) {
            k++;
        }
        boolean twoByte = (code[k] & 0xFF) == 0x0F;
        if (twoByte) {
            k++;
        }
        if (twoByte != r.twoByte() || k >= code.length) {
            return false;
        }
        int op = code[k] & 0xFF;
        boolean opcodeOk = r.plusReg() ? op >= r.opcode() && op < r.opcode() + 8 : op == r.opcode();
        if (!opcodeOk) {
            return false;
        }
        if (r.group() >= 0) {
            return k + 1 < code.length && ((code[k + 1] >>> 3) & 7) == r.group();
        }
        return true;
    }

    @Test
    void everyRowHasAVector() {
        List<VectorTest.Vector> vectors = VectorTest.load();
        List<String> missing = new ArrayList<>();
        for (Row r : OpcodeTable.rows()) {
            boolean found = false;
            for (VectorTest.Vector v : vectors) {
                // NOP (90) shadows XCHG's 90+r with r = 0; a row matched by a more specific row does not count.
                if (matches(r, v.code()) && !(r.plusReg() && shadowed(r, v.code()))) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                missing.add("line " + r.line() + " " + r.encoding() + " " + r.form());
            }
        }
        assertTrue(missing.isEmpty(), "opcode rows without a vector: " + missing);
    }

    private static boolean shadowed(Row plusReg, byte[] code) {
        for (Row other : OpcodeTable.rows()) {
            if (other != plusReg && !other.plusReg() && other.line() > plusReg.line() && matches(other, code)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void matcherTellsRowsApart() {
        Row bswap = row("0F C8+r");
        Row shl = row("D3 /4");
        assertTrue(matches(bswap, TestMachine.hex("0F CB")));
        assertTrue(!matches(bswap, TestMachine.hex("0F BB C1")));
        assertTrue(matches(shl, TestMachine.hex("66 D3 E0")));
        assertTrue(!matches(shl, TestMachine.hex("D3 E8")));
    }

    private static Row row(String encoding) {
        return OpcodeTable.rows().stream().filter(r -> r.encoding().equals(encoding)).findFirst().orElseThrow();
    }
}
