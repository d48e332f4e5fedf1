package org.j386.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.j386.cpu.Cpu;
import org.j386.devices.DualPic;
import org.j386.devices.IoBus;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;
import org.j386.mmu.Pte;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Monitor commands against a known guest state: the state of QEMU's sample in
 * shared/reference/qemu-formats.md, rebuilt here, must print the same text.
 */
class MonitorTest {
    private static final int PGD = 0x125000;
    private static final int PT0 = 0x126000 + 0x1000;

    private PhysicalMemory mem;
    private Cpu cpu;
    private DualPic pic;
    private final List<String> actions = new ArrayList<>();
    private Monitor monitor;

    @BeforeEach
    void setUp() {
        mem = new PhysicalMemory(32 << 20);
        Mmu mmu = new Mmu(mem);
        IoBus io = new IoBus();
        cpu = new Cpu(mmu, io);
        pic = new DualPic();
        pic.attach(io);
        monitor = new Monitor(cpu, pic, new Monitor.Control() {
            @Override
            public void stop() {
                actions.add("stop");
            }

            @Override
            public void cont() {
                actions.add("cont");
            }

            @Override
            public boolean running() {
                return false;
            }

            @Override
            public void systemReset() {
                actions.add("reset");
            }

            @Override
            public void quit() {
                actions.add("quit");
            }
        });
    }

    /** The paging kernel of QEMU's sample: identity-mapped first 4 MiB, halted at 0x10003e. */
    private void sampleState() {
        mem.write32(PGD, PT0 | Pte.P | Pte.RW);
        for (int i = 0; i < 1024; i++) {
            mem.write32(PT0 + 4 * i, i << 12 | Pte.P | Pte.RW);
        }
        mem.write8(0x10003d, 0xF4);                        // hlt
        for (int s = Cpu.ES; s <= Cpu.GS; s++) {
            cpu.loadSegmentCache(s, 0x10, 0, 0xFFFFFFFF, 0x00CF9300);
        }
        cpu.loadSegmentCache(Cpu.CS, 0x08, 0, 0xFFFFFFFF, 0x00CF9A00);
        cpu.setCr(0, 0x00000011);
        cpu.setCr(3, PGD);
        cpu.setCr(0, 0x80000011);
        cpu.setGdtr(0x00100f10, 0x17);
        cpu.setIdtr(0x00126000, 0xff);
        int[] r = {0, 0x00100f5e, 0xffff8900, 1, 0x00105f54, 0x0010102b, 0, 0};
        for (int i = 0; i < 8; i++) {
            cpu.setReg(i, r[i]);
        }
        cpu.setEflags(0x46);
        cpu.setEip(0x10003d);
        cpu.run(1);
    }

    @Test
    void infoRegistersMatchesQemuByteForByte() {
        sampleState();
        String expected = String.join("\n",
                "CPU#0",
                "EAX=00000000 EBX=00000001 ECX=00100f5e EDX=ffff8900",
                "ESI=00000000 EDI=00000000 EBP=0010102b ESP=00105f54",
                "EIP=0010003e EFL=00000046 [---Z-P-] CPL=0 II=0 A20=1 SMM=0 HLT=1",
                "ES =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "CS =0008 00000000 ffffffff 00cf9a00 DPL=0 CS32 [-R-]",
                "SS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "DS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "FS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "GS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "LDT=0000 00000000 0000ffff 00008200 DPL=0 LDT",
                "TR =0000 00000000 0000ffff 00008b00 DPL=0 TSS32-busy",
                "GDT=     00100f10 00000017",
                "IDT=     00126000 000000ff",
                "CR0=80000011 CR2=00000000 CR3=00125000 CR4=00000000",
                "DR0=00000000 DR1=00000000 DR2=00000000 DR3=00000000 ",
                "DR6=ffff0ff0 DR7=00000400",
                "EFER=0000000000000000",
                "");
        assertEquals(expected, monitor.execute("info registers"));
    }

    @Test
    void resetStateInRealMode() {
        String out = monitor.execute("info registers");
        assertTrue(out.contains("EIP=0000fff0 EFL=00000002 [-------]"), out);
        assertTrue(out.contains("CS =f000 ffff0000 0000ffff 00009b00\n"), out);
        assertTrue(out.contains("EDX=00000480"), out);
        assertTrue(out.contains("CR0=60000010"), out);
    }

    @Test
    void infoMemMergesRangesWithTheSameRights() {
        sampleState();
        mem.write32(PT0 + 4 * 0x200, 0x200000 | Pte.P);        // one read-only page
        assertEquals("0000000000000000-0000000000200000 0000000000200000 -rw\n"
                + "0000000000200000-0000000000201000 0000000000001000 -r-\n"
                + "0000000000201000-0000000000400000 00000000001ff000 -rw\n",
                monitor.execute("info mem"));
    }

    @Test
    void infoTlbWalksThePageTables() {
        sampleState();
        String out = monitor.execute("info tlb");
        String[] lines = out.split("\n");
        assertEquals(1024, lines.length);
        assertTrue(lines[0x100].startsWith("0000000000100000: 0000000000100000 ----A---W"), lines[0x100]);
        assertEquals("0000000000001000: 0000000000001000 --------W", lines[1]);
    }

    @Test
    void pagingOffSaysSo() {
        assertEquals("PG disabled\n", monitor.execute("info mem"));
        assertEquals("PG disabled\n", monitor.execute("info tlb"));
    }

    @Test
    void examineVirtualAndPhysical() {
        mem.write32(0x100000, 0x1badb002);
        mem.write32(0x100004, 0x00000003);
        mem.write32(0x100008, 0xe4524ffb);
        mem.write32(0x10000c, 0x6000bcfa);
        assertEquals("00100000: 0x1badb002 0x00000003 0xe4524ffb 0x6000bcfa\n", monitor.execute("x /4xw 0x100000"));
        assertEquals("0000000000100000: 0x02 0xb0 0xad 0x1b 0x03 0x00 0x00 0x00\n",
                monitor.execute("xp /8xb 0x100000"));
        assertEquals("00100000: 0x02\n", monitor.execute("x 0x100000"), "QEMU keeps the last format and size");
        assertEquals("00100000: 45058  7085\n", monitor.execute("x /2uh 0x100000"), "right-aligned in 5 digits");
        mem.write32(0x200000, 0x0A6948);
        assertEquals("00200000: 'H' 'i' '\\n' '\\x00'\n", monitor.execute("x /4c 0x200000"));
    }

    @Test
    void examineThroughPageTablesAndUnmapped() {
        sampleState();
        mem.write32(0x1000, 0xCAFEBABE);
        assertEquals("00001000: 0xcafebabe\n", monitor.execute("x /xw $esp-0x105f54+0x1000"));
        assertEquals("00400000: Cannot access memory\n", monitor.execute("x /xw 0x400000"));
    }

    /** QEMU's sample (qemu-formats.md), with the trailing spaces cap_dump_insn's "%-8s %s" leaves after cli. */
    @Test
    void examineInstructionsAsQemuDisassemblesThem() {
        mem.write8(0x10000c, 0xFA);                                  // cli
        mem.write8(0x10000d, 0xBC);                                  // mov esp, 0x106000
        mem.write32(0x10000e, 0x00106000);
        cpu.loadSegmentCache(Cpu.CS, 0x08, 0, 0xFFFFFFFF, 0x00CF9A00);
        String two = "0x0010000c:  fa                       cli      \n"
                + "0x0010000d:  bc 00 60 10 00           movl     $0x106000, %esp\n";
        assertEquals(two, monitor.execute("x /2i 0x10000c"));
        assertEquals(two, monitor.execute("xp /2i 0x10000c"), "xp takes /i too, as QEMU's does");
        assertEquals("0x0010000c:  fa                       cli      \n", monitor.execute("x /i 0x10000c"));
        assertEquals("0x0010000d:  bc 00 60 10 00           movl     $0x106000, %esp\n", monitor.execute("x 0x10000d"),
                "the last format (i) is kept");
        // The same bytes as 16-bit code, by CS.D: mov sp, 0x6000 then two bytes of addb.
        cpu.loadSegmentCache(Cpu.CS, 0xF000, 0xF0000, 0xFFFF, 0x00009B00);
        assertEquals("0x0010000d:  bc 00 60                 movw     $0x6000, %sp\n"
                + "0x00100010:  10 00                    adcb     %al, (%bx, %si)\n", monitor.execute("x /2i 0x10000d"));
    }

    @Test
    void examineInstructionsThroughPageTablesUpToUnmappedBytes() {
        sampleState();
        // 0x3ffe: movl $0x12345678, %eax straddles into 0x400000, which no PTE maps.
        mem.write8(0x3ffffb, 0x90);
        mem.write8(0x3ffffc, 0xB8);
        cpu.setCr(0, 0x80000011);
        assertEquals("0x003ffffb:  90                       nop      \n0x003ffffc: unable to read memory\n",
                monitor.execute("x /3i 0x3ffffb"));
        assertEquals("0x00400000: unable to read memory\n", monitor.execute("x /i 0x400000"));
        assertEquals(0x80000011, cpu.cr(0), "the guest keeps its state");
    }

    @Test
    void picAndIrq() {
        assertTrue(monitor.execute("info pic").startsWith("pic1: irr=00 imr=00 isr=00"));
        assertEquals("IRQ statistics for isa-i8259:\n", monitor.execute("info irq"));
    }

    @Test
    void controlCommands() {
        monitor.execute("stop");
        monitor.execute("c");
        monitor.execute("system_reset");
        monitor.execute("quit");
        assertEquals(List.of("stop", "cont", "reset", "quit"), actions);
    }

    @Test
    void badInputIsOneLineAndChangesNothing() {
        int eip = cpu.eip();
        for (String bad : new String[] {"frobnicate", "info", "info bogus", "x /4q 0", "x /4x", "x $nosuch",
                "x 0xZZ", "x /9999999x 0", "x /2i", "x /2iq 0"}) {
            String out = monitor.execute(bad);
            assertEquals(1, out.split("\n").length, bad + " -> " + out);
            assertTrue(out.endsWith("\n"));
        }
        assertEquals(eip, cpu.eip());
        assertTrue(actions.isEmpty());
    }

    @Test
    void tlbCacheMarksStaleEntries() {
        sampleState();
        cpu.mmu().read32(0x2000);
        mem.write32(PT0 + 4 * 2, 0x300000 | Pte.P | Pte.RW);    // remapped without INVLPG
        String out = monitor.execute("info tlbcache");
        assertTrue(out.contains("00002000: 00002000 read  sys   stale: page tables now map 00300000"), out);
        assertTrue(out.contains(" stale\n"), out);
    }
}
