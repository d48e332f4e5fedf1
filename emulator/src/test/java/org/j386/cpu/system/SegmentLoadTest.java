package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.ACCESSED;
import static org.j386.cpu.Descriptors.CODE;
import static org.j386.cpu.Descriptors.CONFORMING;
import static org.j386.cpu.Descriptors.EXPAND_DOWN;
import static org.j386.cpu.Descriptors.P;
import static org.j386.cpu.Descriptors.READABLE;
import static org.j386.cpu.Descriptors.S;
import static org.j386.cpu.Descriptors.WRITABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.stream.Stream;

import org.j386.cpu.Cpu;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Fault;
import org.j386.cpu.Segmentation;
import org.j386.cpu.SystemInstructions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Segment register loads against the checks of SDM Vol. 2 MOV, one case per line of segment-loads.txt. */
class SegmentLoadTest {
    private static final int BASE = 0x00345000;
    private static final int RAW_LIMIT = 0x1FFF;
    private static final int BEYOND_INDEX = 40;
    private static final int LDT_INDEX = 1;

    static Stream<Arguments> cases() {
        return Vectors.load("segment-loads.txt");
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @MethodSource("cases")
    void load(int line, String[] f) {
        int cpl = Integer.parseInt(f[0]);
        int sreg = sreg(f[1]);
        String[] sel = f[2].split(":");
        int rpl = Integer.parseInt(sel[1]);
        int dpl = Integer.parseInt(f[4]);
        boolean present = f[5].equals("1");
        String expected = f[6];

        Rig rig = new Rig().enterProtectedMode();
        long d = f[3].equals("-") ? 0 : descriptor(f[3], dpl, present);
        int selector;
        int descriptorAddress;
        switch (sel[0]) {
            case "gdt":
                selector = Rig.FREE << 3 | rpl;
                descriptorAddress = Rig.GDT + 8 * Rig.FREE;
                break;
            case "ldt":
            case "noldt":
                selector = LDT_INDEX << 3 | Descriptors.SEL_TI | rpl;
                descriptorAddress = Rig.LDT + 8 * LDT_INDEX;
                if (sel[0].equals("ldt")) {
                    rig.cpu.setReg(Cpu.EAX, Rig.SEL_LDT);
                    SystemInstructions.group6(rig.cpu, 2, true, Cpu.EAX, 0, 0, true); // LLDT AX
                }
                break;
            case "null":
                selector = rpl;
                descriptorAddress = -1;
                break;
            case "beyond":
                selector = BEYOND_INDEX << 3 | rpl;
                descriptorAddress = -1;
                break;
            default:
                throw new IllegalArgumentException("line " + line + ": selector form " + sel[0]);
        }
        if (descriptorAddress >= 0) {
            rig.mem.write32(descriptorAddress, (int) d);
            rig.mem.write32(descriptorAddress + 4, (int) (d >>> 32));
        }
        if (cpl > 0) {
            rig.enterRing(cpl, 0x1000, Rig.STACK3_TOP, 0x202);
        }
        int oldSelector = rig.cpu.segSelector(sreg);
        int oldFlags = rig.cpu.segFlags(sreg);

        if (expected.equals("ok")) {
            Segmentation.loadSegment(rig.cpu, sreg, selector);
            assertEquals(selector, rig.cpu.segSelector(sreg), "selector");
            assertEquals(BASE, rig.cpu.segBase(sreg), "base");
            assertEquals(RAW_LIMIT, rig.cpu.segLimit(sreg), "limit");
            assertEquals((Descriptors.high(d) & Descriptors.ATTR_MASK) | ACCESSED, rig.cpu.segFlags(sreg), "flags");
            assertNotEquals(0, rig.mem.read32(descriptorAddress + 4) & ACCESSED, "accessed bit in memory");
            return;
        }
        if (expected.equals("unusable")) {
            Segmentation.loadSegment(rig.cpu, sreg, selector);
            assertEquals(selector, rig.cpu.segSelector(sreg), "selector");
            assertEquals(0, rig.cpu.segFlags(sreg), "null segment is unusable");
            assertEquals(0, rig.cpu.segBase(sreg), "hidden part cleared, as QEMU prints it");
            assertEquals(0, rig.cpu.segLimit(sreg));
            return;
        }
        int vector = vector(expected);
        int error = expected.endsWith("(0)") ? 0 : selector & Descriptors.SEL_ERROR_MASK;
        Rig.assertFault(vector, error, () -> Segmentation.loadSegment(rig.cpu, sreg, selector));
        assertEquals(oldSelector, rig.cpu.segSelector(sreg), "register unchanged after the fault");
        assertEquals(oldFlags, rig.cpu.segFlags(sreg), "cache unchanged after the fault");
        if (descriptorAddress >= 0) {
            assertEquals((int) (d >>> 32), rig.mem.read32(descriptorAddress + 4), "descriptor untouched after a fault");
        }
    }

    private static int sreg(String name) {
        return switch (name) {
            case "ES" -> Cpu.ES;
            case "SS" -> Cpu.SS;
            case "DS" -> Cpu.DS;
            case "FS" -> Cpu.FS;
            case "GS" -> Cpu.GS;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static int vector(String expected) {
        if (expected.startsWith("GP")) {
            return Fault.GP;
        }
        if (expected.startsWith("NP")) {
            return Fault.NP;
        }
        if (expected.startsWith("SS")) {
            return Fault.SS;
        }
        throw new IllegalArgumentException(expected);
    }

    /** The descriptor of a kind named in the vector file, base {@link #BASE}, byte granular. */
    static long descriptor(String kind, int dpl, boolean present) {
        int attr = switch (kind) {
            case "data-rw" -> S | WRITABLE;
            case "data-ro" -> S;
            case "data-rw-down" -> S | WRITABLE | EXPAND_DOWN;
            case "code-x" -> S | CODE;
            case "code-xr" -> S | CODE | READABLE;
            case "conf-x" -> S | CODE | CONFORMING;
            case "conf-xr" -> S | CODE | CONFORMING | READABLE;
            case "ldt-desc" -> Descriptors.LDT << Descriptors.TYPE_SHIFT;
            case "tss32" -> Descriptors.TSS32_AVAILABLE << Descriptors.TYPE_SHIFT;
            case "callgate" -> Descriptors.CALL_GATE32 << Descriptors.TYPE_SHIFT;
            default -> throw new IllegalArgumentException(kind);
        };
        return Rig.descriptor(BASE, RAW_LIMIT, attr | Rig.dpl(dpl) | (present ? P : 0));
    }

    @Test
    void realModeLoadKeepsLimitAndSetsBase() {
        Rig rig = new Rig();
        rig.cpu.loadSegmentCache(Cpu.DS, 0, 0, -1, Rig.DATA32 | ACCESSED);
        Segmentation.loadSegment(rig.cpu, Cpu.DS, 0x1234);
        assertEquals(0x1234, rig.cpu.segSelector(Cpu.DS));
        assertEquals(0x12340, rig.cpu.segBase(Cpu.DS));
        assertEquals(-1, rig.cpu.segLimit(Cpu.DS), "SDM 9.9.2: real-mode loads leave the limit (unreal mode)");
        assertEquals(P | S | WRITABLE | ACCESSED, rig.cpu.segFlags(Cpu.DS) & (P | S | CODE | WRITABLE | ACCESSED));
    }

    @Test
    void v86LoadIs64KiBRing3Data() {
        Rig rig = new Rig().enterProtectedMode();
        rig.cpu.setEflags(rig.cpu.eflags() | org.j386.cpu.Eflags.VM);
        Segmentation.loadSegment(rig.cpu, Cpu.ES, 0xB800);
        assertEquals(0xB8000, rig.cpu.segBase(Cpu.ES));
        assertEquals(0xFFFF, rig.cpu.segLimit(Cpu.ES));
        assertEquals(P | S | WRITABLE | ACCESSED | Rig.dpl(3), rig.cpu.segFlags(Cpu.ES));
    }

    @Test
    void granularLimitIsScaled() {
        Rig rig = new Rig().enterProtectedMode();
        rig.setGdt(Rig.FREE, Rig.descriptor(0x100000, 0x00003, Rig.DATA32));
        Segmentation.loadSegment(rig.cpu, Cpu.DS, Rig.FREE << 3);
        assertEquals(0x3FFF, rig.cpu.segLimit(Cpu.DS));
        assertEquals(0x100000, rig.cpu.segBase(Cpu.DS));
    }
}
