package org.j386.cpu;

import static org.j386.cpu.Cpu.EAX;
import static org.j386.cpu.Cpu.ECX;
import static org.j386.cpu.Cpu.EDI;
import static org.j386.cpu.Cpu.EDX;
import static org.j386.cpu.Cpu.ES;
import static org.j386.cpu.Cpu.ESI;

/**
 * MOVS, CMPS, STOS, LODS, SCAS, INS and OUTS with REP/REPE/REPNE (SDM Vol. 2B, "REP/REPE/REPZ/
 * REPNE/REPNZ"). The source is seg:eSI (DS unless overridden), the destination ES:eDI; the
 * address size picks SI/DI/CX or ESI/EDI/ECX, and DF the direction.
 *
 * <p>Restartable: each iteration updates the registers as it completes, so a fault leaves eSI,
 * eDI and eCX at the element that faulted and the run loop puts EIP back on the instruction.
 * A REP instruction also restarts itself after {@link #CHUNK} iterations, so interrupts are taken
 * and the instruction clock advances during long copies (a REP instruction ends its block).
 */
final class StringOps {
    /** Iterations before a REP instruction yields to the run loop. */
    static final int CHUNK = 1 << 16;

    private StringOps() { }

    private static int delta(Cpu c, int size) {
        return (c.flags & Eflags.DF) != 0 ? -size : size;
    }

    private static int index(Cpu c, int reg, boolean a32) {
        return a32 ? c.regs[reg] : c.regs[reg] & 0xFFFF;
    }

    private static void advance(Cpu c, int reg, int delta, boolean a32) {
        int[] r = c.regs;
        r[reg] = a32 ? r[reg] + delta : (r[reg] & 0xFFFF0000) | ((r[reg] + delta) & 0xFFFF);
    }

    /** Decrements eCX and returns whether it is still non-zero. */
    private static boolean countDown(Cpu c, boolean a32) {
        advance(c, ECX, -1, a32);
        return index(c, ECX, a32) != 0;
    }

    /**
     * Called before each further iteration of a REP loop: false once CHUNK iterations ran, after
     * pointing EIP back at the instruction so it resumes after the block boundary.
     */
    private static boolean keepGoing(Cpu c, int done) {
        if (done < CHUNK) {
            return true;
        }
        c.eip = c.startEip;
        return false;
    }

    private static boolean repeatCondition(Cpu c, Insn i) {
        return i.rep == 0xF3 ? c.zf() : !c.zf();
    }

    static void movs(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int done = 0;
        do {
            int v = c.readMem(i.seg, index(c, ESI, a32), size);
            c.writeMem(ES, index(c, EDI, a32), size, v);
            advance(c, ESI, d, a32);
            advance(c, EDI, d, a32);
        } while (i.rep != 0 && countDown(c, a32) && keepGoing(c, ++done));
    }

    static void stos(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int v = c.getReg(size, EAX);
        int done = 0;
        do {
            c.writeMem(ES, index(c, EDI, a32), size, v);
            advance(c, EDI, d, a32);
        } while (i.rep != 0 && countDown(c, a32) && keepGoing(c, ++done));
    }

    static void lods(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int done = 0;
        do {
            c.setRegSized(size, EAX, c.readMem(i.seg, index(c, ESI, a32), size));
            advance(c, ESI, d, a32);
        } while (i.rep != 0 && countDown(c, a32) && keepGoing(c, ++done));
    }

    /** CMPS: flags of [seg:eSI] - [ES:eDI]; REPE stops on a difference, REPNE on equality. */
    static void cmps(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int sign = Alu.sign(size);
        int done = 0;
        do {
            int a = c.readMem(i.seg, index(c, ESI, a32), size);
            int b = c.readMem(ES, index(c, EDI, a32), size);
            advance(c, ESI, d, a32);
            advance(c, EDI, d, a32);
            c.flagsSub(a, b, a - b, sign);
        } while (i.rep != 0 && countDown(c, a32) && repeatCondition(c, i) && keepGoing(c, ++done));
    }

    /** SCAS: flags of the accumulator - [ES:eDI]. */
    static void scas(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int sign = Alu.sign(size);
        int acc = c.getReg(size, EAX);
        int done = 0;
        do {
            int b = c.readMem(ES, index(c, EDI, a32), size);
            advance(c, EDI, d, a32);
            c.flagsSub(acc, b, acc - b, sign);
        } while (i.rep != 0 && countDown(c, a32) && repeatCondition(c, i) && keepGoing(c, ++done));
    }

    /** INS: the destination is probed before the port is read, so a #PF does not lose input. */
    static void ins(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int port = c.regs[EDX] & 0xFFFF;
        IoInstructions.check(c, port, size);
        int done = 0;
        do {
            int off = index(c, EDI, a32);
            c.probeWriteMem(ES, off, size);
            c.writeMem(ES, off, size, c.io.read(port, size));
            advance(c, EDI, d, a32);
        } while (i.rep != 0 && countDown(c, a32) && keepGoing(c, ++done));
    }

    static void outs(Cpu c, Insn i) {
        int size = i.size;
        int d = delta(c, size);
        boolean a32 = i.addr32;
        if (i.rep != 0 && index(c, ECX, a32) == 0) {
            return;
        }
        int port = c.regs[EDX] & 0xFFFF;
        IoInstructions.check(c, port, size);
        int done = 0;
        do {
            int v = c.readMem(i.seg, index(c, ESI, a32), size);
            c.io.write(port, size, v);
            advance(c, ESI, d, a32);
        } while (i.rep != 0 && countDown(c, a32) && keepGoing(c, ++done));
    }
}
