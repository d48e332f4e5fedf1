package org.j386.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Eflags;
import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;
import org.junit.jupiter.api.Test;

/** QEMU's TB flags from the processor state, against the values QEMU 7.2 printed on this machine. */
class TbFlagsTest {
    private final Cpu cpu = new Cpu(new Mmu(new PhysicalMemory(2 << 20)), new IoBus());

    @Test
    void resetStateIsRealModeWithSegmentBases() {
        // QEMU: Trace 0: ... [ffff0000/fffffff0/00000040/ff000000]
        assertEquals(0x40, TbFlags.of(cpu));
    }

    @Test
    void flatProtectedModeAtEachPrivilegeLevel() {
        cpu.setCr(0, Cr0.PE | Cr0.ET);
        cpu.loadSegmentCache(Cpu.CS, 0x08, 0, 0xFFFFFFFF, 0x00CF9A00);
        for (int s : new int[] {Cpu.ES, Cpu.SS, Cpu.DS, Cpu.FS, Cpu.GS}) {
            cpu.loadSegmentCache(s, 0x10, 0, 0xFFFFFFFF, 0x00CF9300);
        }
        // QEMU at the kernel's entry and in the kernel: 000000b0.
        assertEquals(0xB0, TbFlags.of(cpu));
        cpu.loadSegmentCache(Cpu.DS, 0x10, 0x1000, 0xFFFFFFFF, 0x00CF9300);
        assertEquals(0xF0, TbFlags.of(cpu), "a nonzero DS base: ADDSEG (QEMU printed 000000f0)");
        cpu.loadSegmentCache(Cpu.SS, 0x10, 0, 0xFFFF, 0x00009300);
        cpu.loadSegmentCache(Cpu.DS, 0x10, 0, 0xFFFFFFFF, 0x00CF9300);
        assertEquals(0x90, TbFlags.of(cpu), "a 16-bit stack (QEMU printed 00000090)");
        cpu.setCr(0, Cr0.PE | Cr0.ET | Cr0.TS | Cr0.MP);
        assertEquals(0x90 | 1 << 9 | 1 << 11, TbFlags.of(cpu), "CR0.MP and CR0.TS at bits 9 and 11");
        cpu.setEflags(Eflags.FIXED_1 | Eflags.IOPL | Eflags.AC);
        assertEquals(0x90 | 1 << 9 | 1 << 11 | Eflags.IOPL | Eflags.AC, TbFlags.of(cpu), "IOPL and AC copied from EFLAGS");
    }
}
