package org.j386.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.j386.cpu.OpcodeTable.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generator judged by Unicorn alone: for every included row, generated encodings decode
 * (Unicorn raises #UD only where the generator meant it to: a register operand for a
 * memory-only shape, LOCK with a register operand, an invalid segment register), memory accesses stay
 * inside the mapped layout and taken branches end on the HLT fill.
 */
class GeneratorDecodesTest {
    private static UnicornSide unicorn;

    @BeforeAll
    static void open() {
        UnicornAvailable.assume();
        unicorn = new UnicornSide();
    }

    @AfterAll
    static void close() {
        if (unicorn != null) {
            unicorn.close();
        }
    }

    @Test
    void everyRowDecodesAndStaysInTheLayout() {
        CaseGenerator gen = new CaseGenerator();
        byte[] window = new byte[FuzzLayout.WINDOW_SIZE];
        Outcome out = new Outcome();
        List<String> bad = new ArrayList<>();
        long index = 0;
        for (Row row : gen.rows()) {
            for (int k = 0; k < 100; k++) {
                FuzzCase c = gen.generate(11, index++, row);
                c.fillWindow(window);
                unicorn.run(c, window, out);
                if (out.error != null || out.vector == 6 && !meantUd(c) && !c.form.equals("INT Ib")) {
                    bad.add(c.toLine() + " | " + (out.error != null ? out.error : "#UD"));
                }
            }
        }
        assertTrue(bad.isEmpty(), bad.size() + " generated cases Unicorn rejects, e.g.:\n"
                + String.join("\n", bad.subList(0, Math.min(20, bad.size()))));
    }

    /** The #UD cases the generator produces on purpose. */
    private static boolean meantUd(FuzzCase c) {
        String f = c.form;
        // Rows whose only operand is M (INVLPG, the 0F 18 /0-/3 prefetch hints) and ...,M forms.
        boolean memOnly = f.endsWith(",M") || f.endsWith(" M") || f.contains("Mp") || f.contains("Ma")
                || f.contains("Ms");
        boolean lockPrefix = false;
        for (byte b : c.code) {
            lockPrefix |= b == (byte) 0xF0;
        }
        return f.equals("UD2") || memOnly && !c.memoryForm || lockPrefix && !c.memoryForm
                || f.startsWith("MOV S") || f.startsWith("MOV E") && f.endsWith("Sw");
    }
}
