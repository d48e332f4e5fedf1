package org.j386.cpu.unicorn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Differential#compare} on hand-made outcomes: every compared field is noticed, and only
 * the row's undefined flags (and an exception frame j386 pushed) are ignored.
 */
class ComparisonTest {
    private static final int CF = 1, AF = 1 << 4, OF = 1 << 11;

    private static FuzzCase caseWithUndefined(int undefined) {
        FuzzCase c = new FuzzCase();
        c.undefined = undefined;
        return c;
    }

    private static Outcome outcome() {
        Outcome o = new Outcome();
        o.eip = 0x100102;
        o.eflags = 0x246;
        for (int i = 0; i < 8; i++) {
            o.gpr[i] = 0x1000 * i + 7;
        }
        for (int s = 0; s < 6; s++) {
            o.selectors[s] = FuzzLayout.SEG_SELECTOR[s];
        }
        for (int i = 0; i < o.window.length; i++) {
            o.window[i] = (byte) (i * 31);
        }
        return o;
    }

    private static List<String> differences(FuzzCase c, java.util.function.Consumer<Outcome> change) {
        Outcome u = outcome();
        Outcome j = outcome();
        change.accept(j);
        return Differential.compare(c, u, j);
    }

    @Test
    void identicalOutcomesAgree() {
        assertEquals(List.of(), differences(caseWithUndefined(0), j -> { }));
    }

    @Test
    void everyComparedFieldIsNoticed() {
        FuzzCase c = caseWithUndefined(0);
        assertTrue(differences(c, j -> j.gpr[5] ^= 1).get(0).startsWith("ebp "));
        assertTrue(differences(c, j -> j.eip++).get(0).startsWith("eip "));
        assertTrue(differences(c, j -> j.eflags ^= AF).get(0).contains("differ AF"));
        assertTrue(differences(c, j -> j.eflags ^= 1 << 21).get(0).contains("differ ID"));
        assertTrue(differences(c, j -> j.selectors[3] = 0x38).get(0).startsWith("ds "));
        assertTrue(differences(c, j -> j.window[100] ^= 1).get(0).startsWith("memory 1 bytes from 20064"));
        assertTrue(differences(c, j -> j.vector = 13).get(0).startsWith("vector u=none j=#GP"));
        assertTrue(differences(c, j -> j.outCount = 1).get(0).startsWith("out "));
        assertTrue(differences(c, j -> j.error = "j386 threw X").get(0).equals("j386 threw X"));
    }

    @Test
    void onlyTheRowsUndefinedFlagsAreMasked() {
        FuzzCase c = caseWithUndefined(OF | AF);
        assertEquals(List.of(), differences(c, j -> j.eflags ^= OF | AF));
        assertEquals(1, differences(c, j -> j.eflags ^= CF).size());
    }

    @Test
    void unjudgedRegistersAreSkippedAndOnlyThose() {
        FuzzCase c = caseWithUndefined(0);
        c.unjudgedRegs = 1 << 2;
        assertEquals(List.of(), differences(c, j -> j.gpr[2] ^= 1));
        assertEquals(1, differences(c, j -> j.gpr[1] ^= 1).size());
    }

    @Test
    void onlyTheExceptionFrameIsLeftOutOfTheWindow() {
        FuzzCase c = caseWithUndefined(0);
        int frame = FuzzLayout.WINDOW + 0x1000;
        assertEquals(List.of(), differences(c, j -> {
            j.frameLinear = frame;
            j.frameSize = 12;
            j.window[0x1000] ^= 1;
            j.window[0x100B] ^= 1;
        }));
        assertEquals(1, differences(c, j -> {
            j.frameLinear = frame;
            j.frameSize = 12;
            j.window[0x100C] ^= 1;
        }).size());
    }

    @Test
    void aHarnessErrorOnUnicornIsReportedAsSuch() {
        Outcome u = outcome();
        u.error = "unicorn READ_UNMAPPED at eip 00100100";
        assertEquals(List.of("harness: unicorn READ_UNMAPPED at eip 00100100"),
                Differential.compare(caseWithUndefined(0), u, outcome()));
    }
}
