package org.j386.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor through the real command line: {@code -monitor stdio} fed a script, the guest held
 * at its first instruction by {@code -S}, so every answer is known in advance.
 */
class MonitorCliTest {
    @TempDir
    static Path dir;
    static Path hello;

    @BeforeAll
    static void kernels() throws IOException {
        hello = MainTest.kernel(dir, "hello.elf", 0x66, 0xBA, 0xF8, 0x03, 0xB0, 'h', 0xEE, 0xB0, 'i', 0xEE, 0xB0, '\n', 0xEE,
                0xB0, 0x10, 0xE6, 0xF4, 0xFA, 0xF4);
    }

    private static MainTest.Result monitor(String script, String... extra) {
        String[] base = {"-kernel", hello.toString(), "-S", "-display", "none", "-serial", "null", "-monitor", "stdio",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return MainTest.run(script, Runtime.getRuntime().maxMemory(), args);
    }

    @Test
    void answersAtTheEntryStateAndQuits() {
        MainTest.Result r = monitor("info registers\ninfo pic\nx /4xw 0x100000\nxp /2xb 0x10000c\nbogus\nquit\n");
        assertEquals(0, r.status(), r.err());
        assertEquals("", r.err());
        String expected = String.join("\n",
                "j386 monitor - type 'help' for more information",
                "(j386) info registers",
                "CPU#0",
                "EAX=2badb002 EBX=00009500 ECX=0010000c EDX=00010511",
                "ESI=00000000 EDI=00001000 EBP=00000000 ESP=00006f14",
                "EIP=0010000c EFL=00000006 [-----P-] CPL=0 II=0 A20=1 SMM=0 HLT=0",
                "ES =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "CS =0008 00000000 ffffffff 00cf9a00 DPL=0 CS32 [-R-]",
                "SS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "DS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "FS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "GS =0010 00000000 ffffffff 00cf9300 DPL=0 DS   [-WA]",
                "LDT=0000 00000000 0000ffff 00008200 DPL=0 LDT",
                "TR =0000 00000000 0000ffff 00008b00 DPL=0 TSS32-busy",
                "GDT=     00009400 00000027",
                "IDT=     00000000 000003ff",
                "CR0=00000011 CR2=00000000 CR3=00000000 CR4=00000000",
                "DR0=00000000 DR1=00000000 DR2=00000000 DR3=00000000 ",
                "DR6=ffff0ff0 DR7=00000400",
                "EFER=0000000000000000",
                "(j386) info pic",
                "pic1: irr=00 imr=00 isr=00 hprio=0 irq_base=00 rr_sel=0 elcr=00 fnm=0",
                "pic0: irr=00 imr=00 isr=00 hprio=0 irq_base=00 rr_sel=0 elcr=00 fnm=0",
                "(j386) x /4xw 0x100000",
                "00100000: 0x1badb002 0x00000003 0xe4524ffb 0x03f8ba66",
                "(j386) xp /2xb 0x10000c",
                "000000000010000c: 0x66 0xba",
                "(j386) bogus",
                "unknown command: 'bogus'",
                "(j386) quit",
                "");
        assertEquals(expected, r.out());
    }

    @Test
    void contRunsTheGuestToItsOwnExit() {
        MainTest.Result r = monitor("cont\n");
        assertEquals(0x21, r.status(), r.err());
        assertTrue(r.out().startsWith("j386 monitor - type 'help' for more information\n(j386) cont\n"), r.out());
    }

    @Test
    void badInputIsOneLineAndChangesNothing() {
        MainTest.Result r = monitor("x\nx /4q 0x100000\ninfo\nstop\nsystem_reset\ninfo registers\nquit\n");
        assertEquals(0, r.status(), r.err());
        String out = r.out();
        assertTrue(out.contains("(j386) x\nmissing address\n"), out);
        assertTrue(out.contains("(j386) info\ninfo: missing argument"), out);
        // After a reset the kernel is loaded again: the same entry state.
        assertTrue(out.contains("(j386) info registers\nCPU#0\nEAX=2badb002 "), out);
        assertTrue(out.contains("\nEIP=0010000c "), out);
    }

    @Test
    void systemResetUnderNoRebootEndsTheRun() {
        MainTest.Result r = monitor("system_reset\ninfo registers\n", "-no-reboot");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("CPU#0"), r.out());
    }
}
