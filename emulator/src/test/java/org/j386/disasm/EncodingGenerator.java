package org.j386.disasm;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

import org.j386.cpu.OpcodeTable;
import org.j386.cpu.OpcodeTable.Row;

/**
 * Instruction encodings for the disassembler tests, swept from the opcode table: every row, in 16-
 * and 32-bit code, without and with the operand-size (66) and address-size (67) prefixes, and for
 * ModRM rows every mod/r-m form of the address size (SDM Vol. 2A tables 2-1 and 2-2; r/m 100 with a
 * random SIB byte, table 2-3) plus the register form where the row allows one. Each form gets
 * {@link #PER_FORM} cases whose random parts (ModRM.reg where the row leaves it free, displacements,
 * immediates, a segment override, REP/REPNE on string rows and on the NOPs, LOCK on lockable memory
 * forms, the order of the prefixes, the address) come from a seeded generator, so a run is
 * reproducible and a case prints as a line that reproduces it.
 */
final class EncodingGenerator {
    /** Cases per (row, mode, 66, 67, ModRM form). */
    static final int PER_FORM = 2;
    /** Cases per (row, mode, 66, 67) for rows without ModRM. */
    static final int PER_PLAIN_ROW = 24;
    private static final int[] SEGMENT_PREFIXES = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
    private static final int[] INTERESTING = {0, 1, 9, 10, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000,
        0x7FFFFFFF, 0x80000000, 0xFFFFFFF0, 0xFFFFFFFF, 0xFFFFFF80, 0x12345678};
    /** Where instructions sit: low memory, just below the 64 KiB wrap, a higher-half kernel, the reset vector. */
    private static final int[] ADDRESSES = {0x1000, 0x7C00, 0xFFF0, 0xFFFE, 0x100000, 0xC0100000, 0xFFFFFFF0};
    private static final int SEGMENT_OVERRIDE_ODDS = 3;
    /** Operand shapes that allow only a memory ModRM (Appendix A: M, Mp, Ma, Ms). */
    private static final java.util.Set<String> MEMORY_ONLY = java.util.Set.of("M", "Mp", "Ma", "Ms");

    /** One encoding: its bytes, the code size it is decoded in, its address, and the row it came from. */
    record Case(byte[] bytes, boolean code32, int address, Row row) {
        /** A line that reproduces the case: mode, address and bytes. */
        String describe() {
            return String.format("mode=%d address=0x%08x bytes=%s (%s, opcodes.txt line %d)", code32 ? 32 : 16, address,
                    HexFormat.ofDelimiter(" ").formatHex(bytes), row.form(), row.line());
        }
    }

    private final SplittableRandom random;

    EncodingGenerator(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Every case of the sweep, in a fixed order. */
    void forEach(Consumer<Case> out) {
        for (Row row : OpcodeTable.rows()) {
            for (boolean code32 : new boolean[] {false, true}) {
                for (boolean opsz : new boolean[] {false, true}) {
                    for (boolean adsz : new boolean[] {false, true}) {
                        row(row, code32, opsz, adsz, out);
                    }
                }
            }
        }
    }

    private void row(Row row, boolean code32, boolean opsz, boolean adsz, Consumer<Case> out) {
        if (!row.modrm()) {
            for (int k = 0; k < PER_PLAIN_ROW; k++) {
                out.accept(make(row, code32, opsz, adsz, -1, -1));
            }
            return;
        }
        boolean memoryOnly = row.operands().stream().anyMatch(MEMORY_ONLY::contains);
        for (int mod = 0; mod <= 3; mod++) {
            if (mod == 3 && memoryOnly) {
                continue;
            }
            for (int rm = 0; rm < 8; rm++) {
                for (int k = 0; k < PER_FORM; k++) {
                    out.accept(make(row, code32, opsz, adsz, mod, rm));
                }
            }
        }
    }

    private Case make(Row row, boolean code32, boolean opsz, boolean adsz, int mod, int rm) {
        boolean a32 = code32 != adsz;
        boolean o32 = code32 != opsz;
        List<Integer> prefixes = new ArrayList<>();
        if (opsz) {
            prefixes.add(0x66);
        }
        if (adsz) {
            prefixes.add(0x67);
        }
        boolean memory = mod >= 0 && mod != 3 || row.immediate() == OpcodeTable.Immediate.MO;
        if (random.nextInt(SEGMENT_OVERRIDE_ODDS) != 0) {
            prefixes.add(SEGMENT_PREFIXES[random.nextInt(SEGMENT_PREFIXES.length)]);
        }
        if (AttSyntax.isString(row) || row.mnemonic().equals("NOP")) {
            int pick = random.nextInt(3);
            if (pick > 0) {
                prefixes.add(pick == 1 ? Decoded.PREFIX_REP : Decoded.PREFIX_REPNE);
            }
        }
        if (row.lock() && memory && random.nextBoolean()) {
            prefixes.add(0xF0);
        }
        Collections.shuffle(prefixes, new java.util.Random(random.nextLong()));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        prefixes.forEach(b::write);
        if (row.twoByte()) {
            b.write(0x0F);
        }
        int reg = row.group() >= 0 ? row.group() : random.nextInt(8);
        if (row.operands().contains("Sw")) {
            reg = random.nextInt(6);
        }
        b.write(row.plusReg() ? row.opcode() + random.nextInt(8) : row.opcode());
        if (mod >= 0) {
            b.write(mod << 6 | reg << 3 | rm);
            if (mod != 3) {
                addressing(b, a32, mod, rm);
            }
        }
        immediates(b, row, o32, a32);
        return new Case(b.toByteArray(), code32, ADDRESSES[random.nextInt(ADDRESSES.length)], row);
    }

    private void addressing(ByteArrayOutputStream b, boolean a32, int mod, int rm) {
        if (!a32) {
            if (mod == 1) {
                b.write(interesting());
            } else if (mod == 2 || rm == 6) {
                little(b, interesting(), 2);
            }
            return;
        }
        int base = rm;
        if (rm == 4) {
            int sib = random.nextInt(256);
            b.write(sib);
            base = sib & 7;
        }
        if (mod == 1) {
            b.write(interesting());
        } else if (mod == 2 || mod == 0 && base == 5) {
            little(b, interesting(), 4);
        }
    }

    private void immediates(ByteArrayOutputStream b, Row row, boolean o32, boolean a32) {
        switch (row.immediate()) {
            case IB, CB -> b.write(interesting());
            case IW -> little(b, interesting(), 2);
            case IZ, CZ -> little(b, interesting(), o32 ? 4 : 2);
            case CP -> {
                little(b, interesting(), o32 ? 4 : 2);
                little(b, interesting(), 2);
            }
            case MO -> little(b, interesting(), a32 ? 4 : 2);
            case IW_IB -> {
                little(b, interesting(), 2);
                b.write(interesting());
            }
            default -> { }
        }
    }

    /** An interesting value, or a random one, or a small signed one. */
    private int interesting() {
        return switch (random.nextInt(3)) {
            case 0 -> INTERESTING[random.nextInt(INTERESTING.length)];
            case 1 -> random.nextInt();
            default -> random.nextInt(-20, 20);
        };
    }

    private static void little(ByteArrayOutputStream b, int v, int n) {
        for (int i = 0; i < n; i++) {
            b.write(v >>> (8 * i));
        }
    }
}
