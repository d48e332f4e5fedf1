package org.j386.cpu;

/**
 * TEMPORARY bridge to the system files (Segmentation, Interrupts, SystemInstructions,
 * IoPermission) while they are being written: real-mode behaviour and flat same-privilege
 * protected mode only. Removed when those files land; every caller then calls them directly.
 */
final class Sys {
    private Sys() { }

    private static Fault gp(Cpu c, int err) {
        return c.fault.with(Fault.GP, err);
    }

    static void checkRead(Cpu c, int sreg, int off, int size) {
    }

    static void checkWrite(Cpu c, int sreg, int off, int size) {
    }

    static void ioCheck(Cpu c, int port, int size) {
        if (c.v86() || c.cpl > c.iopl()) {
            throw gp(c, 0);
        }
    }

    private static void loadFromDescriptor(Cpu c, int sreg, int sel) {
        if ((sel & ~3) == 0) {
            c.loadSegmentCache(sreg, sel, 0, 0, 0);
            return;
        }
        int a = c.gdtrBase + (sel & ~7);
        int lo = c.mmu.readSystem32(a);
        int hi = c.mmu.readSystem32(a + 4);
        int base = (lo >>> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000);
        int limit = (lo & 0xFFFF) | (hi & 0x000F0000);
        if ((hi & (1 << 23)) != 0) {
            limit = (limit << 12) | 0xFFF;
        }
        c.loadSegmentCache(sreg, sel, base, limit, hi & 0x00F0FF00);
    }

    static void loadSegment(Cpu c, int sreg, int sel) {
        if (!c.protectedMode() || c.v86()) {
            c.loadSegmentCache(sreg, sel, sel << 4, c.segLimit[sreg], c.segFlags[sreg]);
        } else {
            loadFromDescriptor(c, sreg, sel);
        }
    }

    static void farJump(Cpu c, int sel, int off, boolean op32) {
        loadSegment(c, Cpu.CS, sel);
        c.eip = op32 ? off : off & 0xFFFF;
    }

    static void farCall(Cpu c, int sel, int off, boolean op32) {
        c.push(op32, c.segSel[Cpu.CS]);
        c.push(op32, c.eip);
        farJump(c, sel, off, op32);
    }

    static void farReturn(Cpu c, boolean op32, int immPop) {
        int ip = c.pop(op32);
        int cs = c.pop(op32) & 0xFFFF;
        c.addSp(immPop);
        farJump(c, cs, ip, op32);
    }

    static void deliver(Cpu c, int vector, int err, boolean software) {
        if (!c.protectedMode()) {
            int f = c.getEflags();
            c.push16(f);
            c.push16(c.segSel[Cpu.CS]);
            c.push16(c.eip);
            int ip = c.mmu.read16(vector * 4);
            int cs = c.mmu.read16(vector * 4 + 2);
            c.setEflags(f & ~(Eflags.IF | Eflags.TF | Eflags.AC));
            loadSegment(c, Cpu.CS, cs);
            c.eip = ip;
            return;
        }
        if (vector * 8 + 7 > c.idtrLimit) {
            throw gp(c, vector * 8 + 2);
        }
        int a = c.idtrBase + vector * 8;
        int lo = c.mmu.readSystem32(a);
        int hi = c.mmu.readSystem32(a + 4);
        int f = c.getEflags();
        c.push32(f);
        c.push32(c.segSel[Cpu.CS]);
        c.push32(c.eip);
        if (err != Fault.NO_ERROR_CODE) {
            c.push32(err);
        }
        boolean interruptGate = ((hi >>> 8) & 0xF) == 0xE;
        c.setEflags(f & ~(Eflags.TF | Eflags.NT | Eflags.RF | (interruptGate ? Eflags.IF : 0)));
        loadFromDescriptor(c, Cpu.CS, lo >>> 16);
        c.eip = (lo & 0xFFFF) | (hi & 0xFFFF0000);
    }

    static void iret(Cpu c, boolean op32) {
        int ip = c.pop(op32);
        int cs = c.pop(op32) & 0xFFFF;
        int f = c.pop(op32);
        loadSegment(c, Cpu.CS, cs);
        c.eip = ip;
        int keep = op32 ? Eflags.VM : 0xFFFF0000;
        c.setEflags((c.getEflags() & keep) | (f & ~keep));
    }

    static void clts(Cpu c) {
        c.cr0 &= ~Cr0.TS;
    }

    static void arpl(Cpu c, Insn i) {
        throw c.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
    }

    static void lar(Cpu c, Insn i) {
        throw c.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
    }

    static void lsl(Cpu c, Insn i) {
        throw c.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
    }

    static void group6(Cpu c, Insn i) {
        throw c.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
    }

    static void group7(Cpu c, Insn i) {
        int off = i.mem ? c.ea(i) : 0;
        switch (i.reg) {
            case 2, 3 -> {
                int limit = c.read16(i.seg, off);
                int base = c.read32(i.seg, off + 2);
                if (!i.op32) {
                    base &= 0xFFFFFF;
                }
                if (i.reg == 2) {
                    c.setGdtr(base, limit);
                } else {
                    c.setIdtr(base, limit);
                }
            }
            case 4 -> c.writeE(i, 2, c.cr0);
            case 6 -> c.setCr(0, (c.cr0 & ~0xF) | (c.readE(i, 2) & 0xF) | (c.cr0 & Cr0.PE));
            case 7 -> c.mmu.invalidatePage(c.linear(i.seg, off));
            default -> throw c.fault.with(Fault.UD, Fault.NO_ERROR_CODE);
        }
    }

    static void movFromCr(Cpu c, int cr, int reg) {
        c.regs[reg] = c.cr(cr);
    }

    static void movToCr(Cpu c, int cr, int reg) {
        c.setCr(cr, c.regs[reg]);
    }

    static void movFromDr(Cpu c, int n, int reg) {
        c.regs[reg] = c.dr[n];
    }

    static void movToDr(Cpu c, int n, int reg) {
        c.dr[n] = c.regs[reg];
    }
}
