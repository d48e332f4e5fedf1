package org.j386.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.j386.devices.Uart16550;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** QEMU's Ctrl-A keys on a -nographic console, and plain pass-through for -serial stdio. */
class ConsoleInputTest {
    @TempDir
    Path dir;
    Machine machine;
    final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws Exception {
        Path k = MainTest.kernel(dir, "stuck.elf", 0xFA, 0xF4);
        machine = new Machine(MachineConfig.forTest(k.toString(), null, 16 << 20), null);
    }

    private ConsoleInput input(boolean mux) {
        return new ConsoleInput(new ByteArrayInputStream(new byte[0]), new PrintStream(console, true), machine,
                machine.com1(), null, mux);
    }

    private ConsoleInput withMonitor() {
        return new ConsoleInput(new ByteArrayInputStream(new byte[0]), new PrintStream(console, true), machine,
                machine.com1(), new RunControl(machine, false), true);
    }

    private void type(ConsoleInput in, String keys) {
        for (char c : keys.toCharArray()) {
            in.key(c);
        }
    }

    private String printed() {
        String s = console.toString(StandardCharsets.US_ASCII);
        console.reset();
        return s;
    }

    /** What the guest receives: the UART's receive buffer after pumping. */
    private String received() {
        machine.com1().pumpInput();
        StringBuilder s = new StringBuilder();
        while ((machine.com1().ioRead(Uart16550.COM1_BASE + Uart16550.LSR, 1) & Uart16550.LSR_DR) != 0) {
            s.append((char) machine.com1().ioRead(Uart16550.COM1_BASE + Uart16550.RBR, 1));
        }
        return s.toString();
    }

    @Test
    void ordinaryKeysGoToTheGuest() {
        ConsoleInput in = input(true);
        for (char c : "ls\r".toCharArray()) {
            in.key(c);
        }
        assertEquals("ls\r", received());
    }

    @Test
    void ctrlATwiceSendsOneCtrlA() {
        ConsoleInput in = input(true);
        in.key(ConsoleInput.CTRL_A);
        in.key(ConsoleInput.CTRL_A);
        in.key('q');
        assertEquals("\u0001q", received());
    }

    @Test
    void ctrlAhPrintsTheKeysAndOtherEscapesAreDropped() {
        ConsoleInput in = input(true);
        in.key(ConsoleInput.CTRL_A);
        in.key('h');
        String help = console.toString(StandardCharsets.US_ASCII);
        assertTrue(help.contains("C-a x    exit emulator"), help);
        assertFalse(help.contains("C-a c"), "no monitor, so C-a c is not offered");
        in.key(ConsoleInput.CTRL_A);
        in.key('c');
        in.key(ConsoleInput.CTRL_A);
        in.key('z');
        assertEquals("", received());
        assertFalse(in.quitRequested());
    }

    @Test
    void ctrlAxStopsTheMachine() {
        ConsoleInput in = input(true);
        in.key(ConsoleInput.CTRL_A);
        in.key('x');
        assertTrue(in.quitRequested());
        assertEquals(RunResult.Kind.STOPPED, machine.runUntilOff().kind());
    }

    @Test
    void ctrlAcSwitchesToTheMonitorAndBack() {
        ConsoleInput in = withMonitor();
        type(in, "a\u0001c");
        assertEquals("a", received());
        assertEquals("j386 monitor - type 'help' for more information\n(j386) ", printed());
        // Typed keys are echoed and edited; Enter runs the line; the guest receives none of it.
        type(in, "info pid\u007fc\r");
        String out = printed();
        assertTrue(out.startsWith("info pid\b \bc\n"), out);
        assertTrue(out.contains("\npic0: irr=00 imr=00 isr=00"), out);
        assertTrue(out.endsWith("(j386) "), out);
        type(in, "nonsense\r");
        assertEquals("nonsense\nunknown command: 'nonsense'\n(j386) ", printed());
        assertEquals("", received());
        // Back to the guest; the second switch to the monitor shows only the prompt.
        type(in, "\u0001cz\u0001c");
        assertEquals("z", received());
        assertEquals("\n(j386) ", printed());
        type(in, "\u0001h");
        assertTrue(printed().contains("C-a c    switch between console and monitor"));
        type(in, "quit\r");
        assertTrue(in.quitRequested());
    }

    @Test
    void withoutTheMultiplexerCtrlAIsJustAByte() {
        ConsoleInput in = input(false);
        in.key(ConsoleInput.CTRL_A);
        in.key('x');
        assertFalse(in.quitRequested());
        assertEquals("\u0001x", received());
    }
}
