package org.j386.cpu.system;

import static org.j386.cpu.Descriptors.ACCESSED;
import static org.j386.cpu.Descriptors.CODE;
import static org.j386.cpu.Descriptors.DB;
import static org.j386.cpu.Descriptors.EXPAND_DOWN;
import static org.j386.cpu.Descriptors.G;
import static org.j386.cpu.Descriptors.P;
import static org.j386.cpu.Descriptors.READABLE;
import static org.j386.cpu.Descriptors.S;
import static org.j386.cpu.Descriptors.WRITABLE;

import java.util.stream.Stream;

import org.j386.cpu.Cpu;
import org.j386.cpu.Descriptors;
import org.j386.cpu.Fault;
import org.j386.cpu.Segmentation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Segmentation.checkRead/checkWrite, one case per line of segment-access.txt. */
class SegmentAccessTest {
    static Stream<Arguments> cases() {
        return Vectors.load("segment-access.txt");
    }

    @ParameterizedTest(name = "line {0}: {1}")
    @MethodSource("cases")
    void access(int line, String[] f) {
        int type = switch (f[0]) {
            case "data-rw", "unusable" -> S | WRITABLE;
            case "data-ro" -> S;
            case "down-rw" -> S | WRITABLE | EXPAND_DOWN;
            case "code-x" -> S | CODE;
            case "code-xr" -> S | CODE | READABLE;
            default -> throw new IllegalArgumentException("line " + line + ": " + f[0]);
        };
        int attr = type | ACCESSED | (f[2].equals("1") ? G : 0) | (f[3].equals("1") ? DB : 0)
                | (f[0].equals("unusable") ? 0 : P);
        long d = Rig.descriptor(0, Integer.parseInt(f[1], 16), attr);
        int sreg = switch (f[4]) {
            case "ES" -> Cpu.ES;
            case "SS" -> Cpu.SS;
            case "DS" -> Cpu.DS;
            case "FS" -> Cpu.FS;
            case "GS" -> Cpu.GS;
            default -> throw new IllegalArgumentException(f[4]);
        };
        boolean write = f[5].equals("w");
        int offset = Integer.parseUnsignedInt(f[6], 16);
        int size = Integer.parseInt(f[7]);
        Rig rig = new Rig().enterProtectedMode();
        rig.cpu.loadSegmentCache(sreg, 0x80, 0, Descriptors.limit(d), attr);
        Runnable check = write
                ? () -> Segmentation.checkWrite(rig.cpu, sreg, offset, size)
                : () -> Segmentation.checkRead(rig.cpu, sreg, offset, size);
        switch (f[8]) {
            case "ok" -> check.run();
            case "GP(0)" -> Rig.assertFault(Fault.GP, 0, check);
            case "SS(0)" -> Rig.assertFault(Fault.SS, 0, check);
            default -> throw new IllegalArgumentException(f[8]);
        }
    }

    @Test
    void realModeChecksLimitsButNotTypes() {
        Rig real = new Rig();
        // After RESET, CS shows a code type (9B00h) but is read/write (SDM table 9-1).
        Segmentation.checkWrite(real.cpu, Cpu.CS, 0xFFFE, 2);
        Rig.assertFault(Fault.GP, 0, () -> Segmentation.checkWrite(real.cpu, Cpu.CS, 0xFFFF, 2));
        Rig.assertFault(Fault.SS, 0, () -> Segmentation.checkRead(real.cpu, Cpu.SS, 0xFFFF, 2));
        real.cpu.loadSegmentCache(Cpu.DS, 0, 0, 0xFFFF, S | ACCESSED | P);
        Segmentation.checkWrite(real.cpu, Cpu.DS, 0, 4);
    }
}
