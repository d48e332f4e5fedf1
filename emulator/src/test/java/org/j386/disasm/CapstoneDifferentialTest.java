package org.j386.disasm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.j386.cpu.OpcodeTable;
import org.j386.cpu.OpcodeTable.Row;
import org.junit.jupiter.api.Test;

/**
 * j386's disassembler against capstone 4.0.2 itself (what QEMU 7.2 prints with), over the
 * {@link EncodingGenerator} sweep: every opcode-table row in 16- and 32-bit code, with and without
 * 66 and 67, every ModRM form, segment overrides, REP/REPNE and LOCK where they apply. Length,
 * mnemonic and operands must be equal, except where one of the {@link CapstoneDepartures} (capstone
 * departing from the SDM) explains the difference exactly. A difference prints one line that
 * reproduces it; the departures print how often each was seen.
 */
class CapstoneDifferentialTest {
    /** The sweep's seed: fixed, so every run sees the same cases. */
    private static final long SEED = 386;
    /** The brief's floor for one run. */
    private static final int MIN_CASES = 100_000;
    private static final int SHOWN = 20;

    @Test
    void j386PrintsWhatCapstonePrints() {
        List<String> differences = new ArrayList<>();
        Map<CapstoneDepartures, Integer> departures = new EnumMap<>(CapstoneDepartures.class);
        Set<String> covered = new HashSet<>();
        int[] cases = {0};
        try (Capstone capstone = new Capstone()) {
            new EncodingGenerator(SEED).forEach(c -> {
                cases[0]++;
                covered.add(c.row().line() + (c.code32() ? "/32" : "/16"));
                Capstone.Result want = capstone.disassemble(c.bytes(), c.address(), c.code32());
                Instruction got = Disassembler.decode(CodeReader.of(c.bytes(), c.address()), c.address(), c.code32());
                if (same(want, got)) {
                    return;
                }
                CapstoneDepartures d = CapstoneDepartures.find(c, want, got);
                if (d != null) {
                    departures.merge(d, 1, Integer::sum);
                } else {
                    differences.add("DIFF " + c.describe() + ": capstone " + show(want) + ", j386 " + show(got));
                }
            });
        }
        System.out.printf("capstone differential: %d cases, %d differences; capstone departures from the SDM:%n",
                cases[0], differences.size());
        departures.forEach((d, n) -> System.out.printf("  %7d  %s (%s)%n", n, d, d.summary));
        differences.stream().limit(SHOWN).forEach(System.out::println);
        assertTrue(cases[0] >= MIN_CASES, "only " + cases[0] + " cases");
        for (Row r : OpcodeTable.rows()) {
            for (String mode : new String[] {"/16", "/32"}) {
                if (!covered.contains(r.line() + mode)) {
                    fail("no case for " + r.form() + " (opcodes.txt line " + r.line() + ") in " + mode + "-bit code");
                }
            }
        }
        if (!differences.isEmpty()) {
            fail(differences.size() + " differences from capstone; the first: " + differences.get(0));
        }
    }

    @Test
    void capstoneIsSetUpAsQemuSetsItUp() {
        try (Capstone capstone = new Capstone()) {
            // QEMU's -d in_asm on this machine: SeaBIOS's first instructions.
            assertEquals(new Capstone.Result(7, "cmpl", "$0, %cs:0x6f28"),
                    capstone.disassemble(bytes("2e 66 83 3e 28 6f 00"), 0xfe05b, false));
            assertEquals(new Capstone.Result(4, "jne", "0xe2ae"), capstone.disassemble(bytes("0f 85 48 02"), 0xfe062, false));
            // Skipped data on: an opcode capstone does not know is one byte of .byte.
            assertEquals(new Capstone.Result(1, ".byte", "0xd9"), capstone.disassemble(bytes("d9 0b"), 0, true));
        }
    }

    private static boolean same(Capstone.Result want, Instruction got) {
        return want != null && got != null && want.size() == got.length() && want.mnemonic().equals(got.mnemonic())
                && want.operands().equals(got.operands());
    }

    private static String show(Capstone.Result r) {
        return r == null ? "(nothing)" : "[" + r.size() + "] '" + r.mnemonic() + "' '" + r.operands() + "'";
    }

    private static String show(Instruction i) {
        return i == null ? "(nothing)" : "[" + i.length() + "] '" + i.mnemonic() + "' '" + i.operands() + "'";
    }

    static byte[] bytes(String hex) {
        return java.util.HexFormat.ofDelimiter(" ").parseHex(hex);
    }
}
