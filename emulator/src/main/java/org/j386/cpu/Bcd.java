package org.j386.cpu;

import static org.j386.cpu.Cpu.EAX;
import static org.j386.cpu.Eflags.AF;
import static org.j386.cpu.Eflags.CF;
import static org.j386.cpu.Eflags.OF;
import static org.j386.cpu.Eflags.PF;
import static org.j386.cpu.Eflags.SF;
import static org.j386.cpu.Eflags.ZF;

/**
 * Decimal adjust: DAA, DAS, AAA, AAS, AAM, AAD, following the SDM Vol. 2A pseudocode. The flags the
 * SDM leaves undefined get QEMU's values: OF cleared after DAA/DAS, SF/ZF/PF from AL after
 * AAA/AAS, OF/AF/CF cleared after AAM/AAD.
 */
final class Bcd {
    private Bcd() { }

    private static int al(Cpu c) {
        return c.regs[EAX] & 0xFF;
    }

    private static void setAl(Cpu c, int v) {
        c.regs[EAX] = (c.regs[EAX] & 0xFFFFFF00) | (v & 0xFF);
    }

    private static void setFlags(Cpu c, int al, boolean cf, boolean af) {
        int f = c.getEflags() & ~(CF | PF | AF | ZF | SF | OF);
        f |= (cf ? CF : 0) | (af ? AF : 0) | ((al & 0xFF) == 0 ? ZF : 0) | ((al & 0x80) != 0 ? SF : 0)
                | (LazyFlags.parity(al) ? PF : 0);
        c.flags = f;
    }

    static void daa(Cpu c) {
        int old = al(c);
        boolean oldCf = c.cf();
        int al = old;
        boolean cf = false;
        boolean af = false;
        if ((al & 0xF) > 9 || c.af()) {
            al += 6;
            cf = oldCf || al > 0xFF;
            af = true;
        }
        if (old > 0x99 || oldCf) {
            al += 0x60;
            cf = true;
        }
        setAl(c, al);
        setFlags(c, al, cf, af);
    }

    static void das(Cpu c) {
        int old = al(c);
        boolean oldCf = c.cf();
        int al = old;
        boolean cf = false;
        boolean af = false;
        if ((al & 0xF) > 9 || c.af()) {
            cf = oldCf || al < 6;
            al -= 6;
            af = true;
        }
        if (old > 0x99 || oldCf) {
            al -= 0x60;
            cf = true;
        }
        setAl(c, al);
        setFlags(c, al, cf, af);
    }

    static void aaa(Cpu c) {
        int ax = c.regs[EAX] & 0xFFFF;
        boolean adjust = (ax & 0xF) > 9 || c.af();
        if (adjust) {
            ax += 0x106;
        }
        ax &= 0xFF0F;
        c.regs[EAX] = (c.regs[EAX] & 0xFFFF0000) | ax;
        setFlags(c, ax, adjust, adjust);
    }

    static void aas(Cpu c) {
        int ax = c.regs[EAX] & 0xFFFF;
        boolean adjust = (ax & 0xF) > 9 || c.af();
        if (adjust) {
            ax = ((ax - 6) & 0xFFFF) - 0x100;
        }
        ax &= 0xFF0F;
        c.regs[EAX] = (c.regs[EAX] & 0xFFFF0000) | ax;
        setFlags(c, ax, adjust, adjust);
    }

    /** AAM imm8: #DE on a zero base. */
    static void aam(Cpu c, int base) {
        if (base == 0) {
            throw c.fault.with(Fault.DE, Fault.NO_ERROR_CODE);
        }
        int al = al(c);
        int ax = (al / base) << 8 | (al % base);
        c.regs[EAX] = (c.regs[EAX] & 0xFFFF0000) | ax;
        c.flagsLogic(ax, 0x80);
    }

    static void aad(Cpu c, int base) {
        int ax = c.regs[EAX];
        int al = ((ax & 0xFF) + ((ax >>> 8) & 0xFF) * base) & 0xFF;
        c.regs[EAX] = (ax & 0xFFFF0000) | al;
        c.flagsLogic(al, 0x80);
    }
}
