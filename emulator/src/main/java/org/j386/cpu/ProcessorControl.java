package org.j386.cpu;

import static org.j386.cpu.Cpu.EAX;
import static org.j386.cpu.Cpu.EBX;
import static org.j386.cpu.Cpu.ECX;
import static org.j386.cpu.Cpu.EDX;

/**
 * HLT, WAIT, the x87 escapes, CPUID, RDTSC, INVD, WBINVD, and the operand handling of ARPL.
 *
 * <p>There is no floating-point unit: every ESC opcode (D8-DF) raises #NM whatever CR0.EM and
 * CR0.TS say, so an operating system emulates the FPU (or finds none) through its #NM handler;
 * WAIT raises #NM only when CR0.MP and CR0.TS are both set (SDM Vol. 3A table 2-2), else it does
 * nothing.
 */
final class ProcessorControl {
    /** CPUID.1:EDX bits this CPU implements (SDM Vol. 2A table 3-11). */
    static final int FEATURE_PSE = 1 << 3;
    static final int FEATURE_TSC = 1 << 4;
    static final int FEATURE_PGE = 1 << 13;
    static final int FEATURES = FEATURE_PSE | FEATURE_TSC | FEATURE_PGE;
    /** CPUID.1:EAX: family 4, model 8, stepping 0, as EDX after RESET. */
    static final int SIGNATURE = Cpu.RESET_EDX;

    private ProcessorControl() { }

    private static boolean privileged(Cpu c) {
        return c.protectedMode() && (c.v86() || c.cpl > 0);
    }

    /** HLT: #GP(0) above CPL 0. */
    static void hlt(Cpu c) {
        if (privileged(c)) {
            throw c.fault.with(Fault.GP, 0);
        }
        c.halt();
    }

    static void fwait(Cpu c) {
        if ((c.cr0 & (Cr0.MP | Cr0.TS)) == (Cr0.MP | Cr0.TS)) {
            throw c.fault.with(Fault.NM, Fault.NO_ERROR_CODE);
        }
    }

    static void esc(Cpu c) {
        throw c.fault.with(Fault.NM, Fault.NO_ERROR_CODE);
    }

    /**
     * CPUID: leaf 0 gives the maximum leaf 1 and "GenuineIntel"; leaf 1 the signature and the
     * features; any higher leaf (extended ones included) answers as the highest basic leaf, as
     * Intel parts do.
     */
    static void cpuid(Cpu c) {
        int[] r = c.regs;
        if (r[EAX] == 0) {
            r[EAX] = 1;
            r[EBX] = 0x756E6547; // "Genu"
            r[EDX] = 0x49656E69; // "ineI"
            r[ECX] = 0x6C65746E; // "ntel"
        } else {
            r[EAX] = SIGNATURE;
            r[EBX] = 0;
            r[ECX] = 0;
            r[EDX] = FEATURES;
        }
    }

    /** RDTSC: the retired-instruction count; #GP(0) under CR4.TSD above CPL 0. */
    static void rdtsc(Cpu c) {
        if ((c.cr4 & Cr4.TSD) != 0 && privileged(c)) {
            throw c.fault.with(Fault.GP, 0);
        }
        long t = c.instructions;
        c.regs[EAX] = (int) t;
        c.regs[EDX] = (int) (t >>> 32);
    }

    /** INVD/WBINVD: there is no cache to flush; privileged. */
    static void invd(Cpu c) {
        if (privileged(c)) {
            throw c.fault.with(Fault.GP, 0);
        }
    }

    /** ARPL Ew,Gw: the destination is written back only when its RPL was raised (ZF set). */
    static void arpl(Cpu c, Insn i) {
        int off = i.mem ? c.ea(i) : 0;
        int dest = i.mem ? c.read16(i.seg, off) : c.getReg(2, i.rm);
        int r = SystemInstructions.arpl(c, dest, c.getReg(2, i.reg));
        if (c.zf()) {
            if (i.mem) {
                c.write16(i.seg, off, r);
            } else {
                c.setRegSized(2, i.rm, r);
            }
        }
    }
}
