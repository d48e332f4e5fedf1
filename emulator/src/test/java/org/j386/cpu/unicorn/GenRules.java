package org.j386.cpu.unicorn;

import static org.j386.cpu.unicorn.CaseGenerator.CS;
import static org.j386.cpu.unicorn.CaseGenerator.DS;
import static org.j386.cpu.unicorn.CaseGenerator.EAX;
import static org.j386.cpu.unicorn.CaseGenerator.EBP;
import static org.j386.cpu.unicorn.CaseGenerator.ECX;
import static org.j386.cpu.unicorn.CaseGenerator.EDI;
import static org.j386.cpu.unicorn.CaseGenerator.EDX;
import static org.j386.cpu.unicorn.CaseGenerator.ES;
import static org.j386.cpu.unicorn.CaseGenerator.ESI;
import static org.j386.cpu.unicorn.CaseGenerator.ESP;
import static org.j386.cpu.unicorn.CaseGenerator.SS;

import java.util.List;
import java.util.SplittableRandom;
import org.j386.cpu.Eflags;
import org.j386.cpu.OpcodeTable.Row;

/**
 * The per-mnemonic rules of {@link CaseGenerator}, in the order the generator applies them:
 * {@link #prepare} (pins registers before the addressing form is solved), {@link #afterModRm},
 * {@link #immediate} (once the instruction length up to the immediate is known) and
 * {@link #finish} (values of operands whose location is now known).
 */
final class GenRules {
    private GenRules() { }

    private static final int STRING_MARGIN = 160;

    static void prepare(CaseGenerator g) {
        Row row = g.row();
        FuzzCase c = g.fuzzCase();
        SplittableRandom r = g.random();
        switch (row.mnemonic()) {
            case "MOVS", "CMPS", "STOS", "LODS", "SCAS", "INS", "OUTS" -> strings(g);
            case "XLAT" -> {
                int seg = g.segOverride() >= 0 ? g.segOverride() : DS;
                int ea = windowTarget(r, 64) - FuzzLayout.SEG_BASE[seg] - (c.gpr[EAX] & 0xFF);
                g.pin(3, g.a16() ? c.gpr[3] & 0xFFFF0000 | ea & 0xFFFF : ea);
            }
            case "ENTER", "LEAVE" -> g.pin(EBP, FuzzLayout.STACK_LOW + 0x100 - FuzzLayout.SEG_BASE[SS]
                    + r.nextInt(FuzzLayout.STACK_HIGH - FuzzLayout.STACK_LOW - 0x200));
            case "SHLD", "SHRD" -> {
                if (g.o16() && row.operands().contains("CL")) {
                    g.pin(ECX, c.gpr[ECX] & ~0xFF | sixteenBitCount(r));
                }
            }
            case "BT", "BTS", "BTR", "BTC" -> {
                if (row.operands().get(1).equals("Gv")) {
                    // The bit offset reaches EA + offset/8 (SDM BT): keep it within the margin.
                    int reg = r.nextInt(7);
                    g.setRegField(reg >= ESP ? reg + 1 : reg);
                    g.pin(g.regField(), r.nextInt(1024) - 512);
                }
            }
            case "LOOP", "LOOPE", "LOOPNE", "JCXZ" -> {
                if (g.chance(40)) {
                    c.gpr[ECX] = (g.a16() ? c.gpr[ECX] & 0xFFFF0000 : 0) | r.nextInt(3);
                }
            }
            case "IRET" -> c.eflags &= ~Eflags.NT;
            case "CPUID" -> {
                c.gpr[EAX] = g.chance(80) ? r.nextInt(3) : c.gpr[EAX];
                c.unjudgedRegs = 0x0F;
            }
            case "RDTSC" -> c.unjudgedRegs = 1 << EAX | 1 << EDX;
            case "MOV" -> {
                if (row.operands().equals(List.of("Sw", "Ew"))) {
                    int x = r.nextInt(100);
                    g.setRegField(x < 80 ? new int[] {ES, SS, DS, 4, 5}[r.nextInt(5)] : x < 90 ? CS : 6 + r.nextInt(2));
                } else if (row.operands().equals(List.of("Ev", "Sw"))) {
                    g.setRegField(g.chance(90) ? r.nextInt(6) : 6 + r.nextInt(2));
                }
            }
            default -> { }
        }
    }

    /**
     * The register a register-form ModRM names. JMP/CALL Ev jump to the register's value; ESP's is
     * a stack address, a HLT of the low fill only when CS is based at 0, so 16-bit code avoids it.
     */
    static int registerOperand(CaseGenerator g, int rm) {
        boolean nearIndirect = (g.row().mnemonic().equals("JMP") || g.row().mnemonic().equals("CALL"))
                && g.row().operands().equals(List.of("Ev"));
        return nearIndirect && g.fuzzCase().code16 && rm == ESP ? EBP : rm;
    }

    static void afterModRm(CaseGenerator g) {
        Row row = g.row();
        boolean sregStore = row.mnemonic().equals("MOV") && row.operands().equals(List.of("Ev", "Sw"));
        if (row.modrm() && !g.eIsMem() && (sregStore || row.mnemonic().equals("SLDT")
                || row.mnemonic().equals("STR") || row.mnemonic().equals("SMSW"))) {
            g.forceO16();   // see Exclusions: the upper half of a 32-bit destination is undefined
        }
    }

    static void immediate(CaseGenerator g, int lengthSoFar) {
        Row row = g.row();
        SplittableRandom r = g.random();
        int v = g.vSize();
        int at = g.fuzzCase().at;
        switch (row.immediate()) {
            case NONE -> { }
            case IB -> g.emit(1, imm8(g));
            // See Exclusions: Unicorn sign-extends RET's imm16, so it stays below 0x8000.
            case IW -> g.emit(2, g.chance(50) ? r.nextInt(64) : r.nextInt(0x8000));
            case IZ -> g.emit(v, g.chance(70) ? r.nextInt() : new int[] {0, 1, -1, 0x80, 0x7F, 0x8000, 0x7FFF}[r.nextInt(7)]);
            case CB -> {
                int base = g.csBase();
                int next = at + lengthSoFar + 1 - base;
                int rel;
                do {
                    rel = (byte) r.nextInt();
                } while (!FuzzLayout.isHltTarget(base + (g.o16() ? next + rel & 0xFFFF : next + rel), at));
                g.emit(1, rel);
            }
            case CZ -> g.emit(v, g.codeTarget() - (at + lengthSoFar + v));
            case CP -> {
                g.emit(v, g.farTarget());
                g.emit(2, g.codeSelector());
            }
            case MO -> {
                int seg = g.segOverride() >= 0 ? g.segOverride() : DS;
                g.emit(g.a16() ? 2 : 4, windowTarget(r, 64) - FuzzLayout.SEG_BASE[seg]);
            }
            case IW_IB -> {
                g.emit(2, g.chance(70) ? r.nextInt(64) : r.nextInt(0x10000));
                g.emit(1, g.chance(60) ? r.nextInt(4) : r.nextInt(256));
            }
        }
    }

    private static int imm8(CaseGenerator g) {
        SplittableRandom r = g.random();
        return switch (g.row().mnemonic()) {
            case "AAM" -> g.chance(10) ? 0 : r.nextInt(256);
            case "INT" -> {
                int v = r.nextInt(255);
                yield v >= 6 ? v + 1 : v;   // see Exclusions: Unicorn reports INT 6 as #UD
            }
            case "SHLD", "SHRD" -> g.o16() ? sixteenBitCount(r) : r.nextInt(256);
            default -> g.chance(75) ? r.nextInt(256) : r.nextInt(34);
        };
    }

    /** A 16-bit SHLD/SHRD count whose low five bits do not exceed 16 (see Exclusions). */
    private static int sixteenBitCount(SplittableRandom r) {
        return r.nextInt(17) | r.nextInt(8) << 5;
    }

    static void finish(CaseGenerator g) {
        Row row = g.row();
        FuzzCase c = g.fuzzCase();
        SplittableRandom r = g.random();
        int v = g.vSize();
        List<String> ops = row.operands();
        switch (row.mnemonic()) {
            case "DIV", "IDIV" -> divide(g, ops.get(0).equals("Eb") ? 1 : v);
            case "BOUND" -> {
                if (g.eIsMem()) {
                    bound(g, v);
                }
            }
            case "CMPXCHG" -> {
                int size = ops.get(0).equals("Eb") ? 1 : v;
                if (g.chance(50)) {
                    if (g.eIsMem()) {
                        g.patch(g.eLinear(), size, g.regValue(EAX, size));
                    } else {
                        g.setRegValue(EAX, size, g.readE(size));
                    }
                }
            }
            case "BSF", "BSR" -> {
                if (g.chance(20)) {
                    g.writeE(v, 0);
                }
            }
            case "CALL", "JMP" -> {
                if (ops.equals(List.of("Ev"))) {
                    g.writeE(v, g.codeTarget() - g.csBase());
                }
            }
            case "CALLF", "JMPF" -> {
                if (ops.equals(List.of("Mp")) && g.eIsMem()) {
                    g.patch(g.eLinear(), v, g.farTarget());
                    g.patch(g.eLinear() + v, 2, g.codeSelector());
                }
            }
            case "LES", "LDS", "LSS", "LFS", "LGS" -> {
                if (g.eIsMem()) {
                    g.patch(g.eLinear() + v, 2, g.selector());
                }
            }
            case "MOV" -> {
                if (ops.equals(List.of("Sw", "Ew"))) {
                    g.writeE(2, g.selector());
                }
            }
            case "LAR", "LSL", "VERR", "VERW" -> g.writeE(2, g.selector());
            case "RET" -> g.patch(g.stackTop(), v, g.codeTarget() - g.csBase());
            case "RETF" -> {
                g.patch(g.stackTop(), v, g.farTarget());
                g.patch(g.stackTop() + v, 2, g.codeSelector());
            }
            case "IRET" -> {
                g.patch(g.stackTop(), v, g.farTarget());
                g.patch(g.stackTop() + v, 2, g.codeSelector());
                g.patch(g.stackTop() + 2 * v, v, g.poppedFlags());
            }
            case "POPF" -> g.patch(g.stackTop(), v, g.poppedFlags());
            case "POP" -> {
                if (isSreg(ops)) {
                    g.patch(g.stackTop(), 2, g.selector());
                }
            }
            case "PUSH" -> {
                if (isSreg(ops) && v == 4) {
                    g.patch(g.stackTop() - 2, 2, 0);   // see Exclusions: either write is allowed
                }
            }
            case "CMPS" -> {
                int size = ops.get(0).endsWith("b") ? 1 : v;
                int n = g.chance(50) ? r.nextInt(stringCount(g) + 1) : 0;
                int step = (c.eflags & Eflags.DF) != 0 ? -size : size;
                for (int i = 0; i < n; i++) {
                    g.patch(g.dstLinear + i * step, size, g.readMem(g.srcLinear + i * step, size));
                }
            }
            case "SCAS" -> {
                int size = ops.get(1).endsWith("b") ? 1 : v;
                int n = g.chance(50) ? r.nextInt(stringCount(g) + 1) : 0;
                int step = (c.eflags & Eflags.DF) != 0 ? -size : size;
                for (int i = 0; i < n; i++) {
                    g.patch(g.dstLinear + i * step, size, g.regValue(EAX, size));
                }
            }
            default -> { }
        }
    }

    private static boolean isSreg(List<String> ops) {
        return ops.size() == 1 && List.of("ES", "CS", "SS", "DS", "FS", "GS").contains(ops.get(0));
    }

    private static int stringCount(CaseGenerator g) {
        int cx = g.fuzzCase().gpr[ECX];
        return g.isPinned(ECX) ? (g.a16() ? cx & 0xFFFF : cx) : 1;
    }

    /** String pointers inside the window, REP counts up to 16 (SDM Vol. 2B REP: count in (E)CX). */
    private static void strings(CaseGenerator g) {
        String m = g.row().mnemonic();
        SplittableRandom r = g.random();
        FuzzCase c = g.fuzzCase();
        boolean compares = m.equals("CMPS") || m.equals("SCAS");
        if (g.chance(60)) {
            g.setRep(compares ? (g.chance(50) ? 0xF3 : 0xF2) : (g.chance(85) ? 0xF3 : 0xF2));
            int count = r.nextInt(17);
            g.pin(ECX, g.a16() ? c.gpr[ECX] & 0xFFFF0000 | count : count);
        }
        if (m.equals("MOVS") || m.equals("CMPS") || m.equals("LODS") || m.equals("OUTS")) {
            int seg = g.segOverride() >= 0 ? g.segOverride() : DS;
            g.srcLinear = windowTarget(r, STRING_MARGIN);
            int off = g.srcLinear - FuzzLayout.SEG_BASE[seg];
            g.pin(ESI, g.a16() ? c.gpr[ESI] & 0xFFFF0000 | off : off);
        }
        if (!m.equals("LODS") && !m.equals("OUTS")) {
            g.dstLinear = windowTarget(r, STRING_MARGIN);
            int off = g.dstLinear - FuzzLayout.SEG_BASE[ES];
            g.pin(EDI, g.a16() ? c.gpr[EDI] & 0xFFFF0000 | off : off);
        }
    }

    private static void divide(CaseGenerator g, int size) {
        SplittableRandom r = g.random();
        int x = r.nextInt(100);
        if (x < 8) {
            g.writeE(size, 0);
            return;
        }
        if (x >= 70) {
            return;   // random operands: quotient overflow (#DE) is likely
        }
        if (g.readE(size) == 0) {
            g.writeE(size, 1 + r.nextInt(255));
        }
        long d = Integer.toUnsignedLong(g.readE(size));
        int high;
        if (g.row().mnemonic().equals("DIV")) {
            high = (int) (Integer.toUnsignedLong(r.nextInt()) % d);
        } else {
            int low = g.regValue(EAX, size == 4 ? 4 : size == 2 ? 2 : 1);
            int sign = size == 1 ? low & 0x80 : size == 2 ? low & 0x8000 : low & 0x80000000;
            high = sign != 0 ? -1 : 0;
        }
        if (size == 1) {
            g.setRegValue(4, 1, high);       // AH
        } else {
            g.setRegValue(EDX, size, high);
        }
    }

    private static void bound(CaseGenerator g, int size) {
        SplittableRandom r = g.random();
        int v = g.regValue(g.regField(), size);
        if (size == 2) {
            v = (short) v;
        }
        int lo;
        int hi;
        if (g.chance(50)) {
            lo = v - r.nextInt(1000);
            hi = v + r.nextInt(1000);
        } else if (g.chance(50)) {
            lo = v + 1 + r.nextInt(1000);
            hi = lo + r.nextInt(1000);
        } else {
            hi = v - 1 - r.nextInt(1000);
            lo = hi - r.nextInt(1000);
        }
        g.patch(g.eLinear(), size, lo);
        g.patch(g.eLinear() + size, size, hi);
    }

    /** A random linear address in the window, {@code margin} bytes from either end. */
    static int windowTarget(SplittableRandom r, int margin) {
        return FuzzLayout.WINDOW + margin + r.nextInt(FuzzLayout.WINDOW_SIZE - 2 * margin);
    }
}
