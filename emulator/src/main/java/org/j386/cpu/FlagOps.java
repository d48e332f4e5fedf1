package org.j386.cpu;

import static org.j386.cpu.Eflags.AF;
import static org.j386.cpu.Eflags.CF;
import static org.j386.cpu.Eflags.IF;
import static org.j386.cpu.Eflags.PF;
import static org.j386.cpu.Eflags.SF;
import static org.j386.cpu.Eflags.ZF;

/** SAHF, LAHF, CLI and STI (SDM Vol. 2); CLC/STC/CMC/CLD/STD are one-liners in {@link Dispatch}. */
final class FlagOps {
    private static final int AH_FLAGS = SF | ZF | AF | PF | CF;

    private FlagOps() { }

    static void sahf(Cpu c) {
        int ah = (c.regs[Cpu.EAX] >>> 8) & 0xFF;
        c.flags = (c.getEflags() & ~AH_FLAGS) | (ah & AH_FLAGS);
    }

    /** LAHF: AH = SF:ZF:0:AF:0:PF:1:CF. */
    static void lahf(Cpu c) {
        int f = (c.getEflags() & AH_FLAGS) | Eflags.FIXED_1;
        c.regs[Cpu.EAX] = (c.regs[Cpu.EAX] & 0xFFFF00FF) | (f << 8);
    }

    /** CLI/STI are allowed when CPL <= IOPL in protected mode, and in virtual-8086 mode only at IOPL 3. */
    private static void checkIopl(Cpu c) {
        if (c.protectedMode() && (c.v86() ? c.iopl() < 3 : c.cpl > c.iopl())) {
            throw c.fault.with(Fault.GP, 0);
        }
    }

    static void cli(Cpu c) {
        checkIopl(c);
        c.flags &= ~IF;
    }

    /** STI: when it sets IF, interrupts wait until after the next instruction (SDM Vol. 2B STI). */
    static void sti(Cpu c) {
        checkIopl(c);
        if ((c.flags & IF) == 0) {
            c.inhibitAt = c.instructions + 1;
        }
        c.flags |= IF;
    }
}
