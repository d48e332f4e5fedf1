package org.j386.harness;

import org.j386.cpu.Cpu;
import org.j386.machine.Machine;
import org.j386.mmu.PhysicalMemory;

/**
 * What the probe kernel (src/test/resources/probe/probe.c) would print on a j386 machine that has
 * not run yet: the same lines, computed from the processor's entry state and the memory the loader
 * wrote. Keep it in step with probe.c line for line.
 */
final class ProbeDump {
    private final StringBuilder out = new StringBuilder();
    private final PhysicalMemory mem;

    private ProbeDump(PhysicalMemory mem) {
        this.mem = mem;
    }

    static String of(Machine machine) {
        Cpu cpu = machine.cpu();
        ProbeDump d = new ProbeDump(machine.memory());
        String[] names = {"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"};
        int[] regs = {Cpu.EAX, Cpu.EBX, Cpu.ECX, Cpu.EDX, Cpu.ESI, Cpu.EDI, Cpu.EBP, Cpu.ESP};
        for (int i = 0; i < names.length; i++) {
            d.field(names[i], cpu.reg(regs[i]));
        }
        d.field("eflags", cpu.eflags());
        d.field("cr0", cpu.cr(0));
        d.field("cr4", cpu.cr(4));
        String[] segs = {"cs", "ds", "es", "fs", "gs", "ss"};
        int[] sregs = {Cpu.CS, Cpu.DS, Cpu.ES, Cpu.FS, Cpu.GS, Cpu.SS};
        for (int i = 0; i < segs.length; i++) {
            d.field(segs[i], cpu.segSelector(sregs[i]));
        }
        d.field("gdt.base", cpu.gdtrBase());
        d.field("gdt.limit", cpu.gdtrLimit());
        d.field("idt.base", cpu.idtrBase());
        d.field("idt.limit", cpu.idtrLimit());
        for (int i = 0; i + 3 < cpu.gdtrLimit() + 1; i += 4) {
            d.field("gdt.word", d.word(cpu.gdtrBase() + i));
        }
        int mbi = cpu.reg(Cpu.EBX);
        for (int i = 0; i < 22; i++) {
            d.field(String.format("mbi[%02d]", i), d.word(mbi + 4 * i));
        }
        int flags = d.word(mbi);
        if ((flags & (1 << 2)) != 0) {
            d.string("cmdline", d.word(mbi + 16));
        }
        if ((flags & (1 << 3)) != 0) {
            for (int i = 0; i < d.word(mbi + 20); i++) {
                int m = d.word(mbi + 24) + 16 * i;
                d.field("mod.start", d.word(m));
                d.field("mod.end", d.word(m + 4));
                d.string("mod.string", d.word(m + 8));
                d.field("mod.reserved", d.word(m + 12));
                d.field("mod.first", d.word(d.word(m)));
            }
        }
        if ((flags & (1 << 6)) != 0) {
            for (int off = 0; off < d.word(mbi + 44); off += d.word(d.word(mbi + 48) + off) + 4) {
                int e = d.word(mbi + 48) + off;
                d.field("mmap.size", d.word(e));
                d.field("mmap.base.lo", d.word(e + 4));
                d.field("mmap.base.hi", d.word(e + 8));
                d.field("mmap.len.lo", d.word(e + 12));
                d.field("mmap.len.hi", d.word(e + 16));
                d.field("mmap.type", d.word(e + 20));
            }
        }
        if ((flags & (1 << 9)) != 0) {
            d.string("loader", d.word(mbi + 64));
        }
        return d.out.toString();
    }

    private int word(int addr) {
        return mem.read32(addr);
    }

    private void field(String name, int v) {
        out.append(name).append(' ').append(String.format("%08x", v)).append('\n');
    }

    private void string(String name, int addr) {
        out.append(name).append(" @").append(String.format("%08x", addr)).append(" \"");
        for (int c; (c = mem.read8(addr)) != 0; addr++) {
            out.append((char) c);
        }
        out.append("\"\n");
    }
}
