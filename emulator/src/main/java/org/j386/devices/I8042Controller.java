package org.j386.devices;

import java.util.ArrayDeque;

/**
 * The Intel 8042 keyboard controller of the PC/AT (IBM PC/AT Technical Reference, "Keyboard
 * Controller"; the PS/2 command set): data port 0x60, status/command port 0x64, IRQ 1 for the
 * keyboard and IRQ 12 for the auxiliary device.
 *
 * <p>Implemented: the status register, the command byte (0x20/0x60), self-test (0xAA) and
 * interface tests, enabling and disabling the keyboard and aux ports, the output port with A20
 * and the reset line (0xD0/0xD1), pulse reset (0xFE and the other 0xF0-0xFF pulses), writes to
 * the output buffer (0xD2/0xD3), and a keyboard that answers the PS/2 commands (reset, identify,
 * LEDs, scan code set, typematic rate, enable, disable, echo). No mouse is attached: commands
 * sent to the aux port (0xD4) time out as on a board without one.
 */
public final class I8042Controller implements IoDevice {
    public static final int DATA_PORT = 0x60;
    public static final int STATUS_PORT = 0x64;
    public static final int KEYBOARD_IRQ = 1;
    public static final int AUX_IRQ = 12;

    // Status register (read 0x64).
    public static final int STATUS_OBF = 1 << 0;      // output buffer full
    public static final int STATUS_IBF = 1 << 1;      // input buffer full
    public static final int STATUS_SYS = 1 << 2;      // system flag (self-test passed)
    public static final int STATUS_CMD = 1 << 3;      // last write was to 0x64
    public static final int STATUS_UNLOCKED = 1 << 4; // keyboard not inhibited
    public static final int STATUS_AUX_OBF = 1 << 5;  // output buffer holds aux data
    public static final int STATUS_TIMEOUT = 1 << 6;

    // Command byte.
    public static final int CB_KBD_INT = 1 << 0;
    public static final int CB_AUX_INT = 1 << 1;
    public static final int CB_SYS = 1 << 2;
    public static final int CB_KBD_DISABLE = 1 << 4;
    public static final int CB_AUX_DISABLE = 1 << 5;
    public static final int CB_XLATE = 1 << 6;

    // Output port.
    public static final int OUT_RESET = 1 << 0;       // 0 = assert RESET
    public static final int OUT_A20 = 1 << 1;

    // Controller commands (write 0x64).
    public static final int CMD_READ_CB = 0x20;
    public static final int CMD_WRITE_CB = 0x60;
    public static final int CMD_AUX_DISABLE = 0xA7;
    public static final int CMD_AUX_ENABLE = 0xA8;
    public static final int CMD_AUX_TEST = 0xA9;
    public static final int CMD_SELF_TEST = 0xAA;
    public static final int CMD_KBD_TEST = 0xAB;
    public static final int CMD_KBD_DISABLE = 0xAD;
    public static final int CMD_KBD_ENABLE = 0xAE;
    public static final int CMD_READ_INPUT = 0xC0;
    public static final int CMD_READ_OUTPUT = 0xD0;
    public static final int CMD_WRITE_OUTPUT = 0xD1;
    public static final int CMD_WRITE_KBD_OBUF = 0xD2;
    public static final int CMD_WRITE_AUX_OBUF = 0xD3;
    public static final int CMD_WRITE_AUX = 0xD4;
    public static final int CMD_DISABLE_A20 = 0xDD;   // HP Vectra extension, QEMU has it too
    public static final int CMD_ENABLE_A20 = 0xDF;
    public static final int CMD_READ_TEST = 0xE0;
    public static final int CMD_PULSE_FIRST = 0xF0;

    public static final int SELF_TEST_OK = 0x55;

    // Keyboard replies and commands.
    public static final int KBD_ACK = 0xFA;
    public static final int KBD_RESEND = 0xFE;
    public static final int KBD_BAT_OK = 0xAA;
    public static final int KBD_ECHO = 0xEE;
    public static final int KBD_SET_LEDS = 0xED;
    public static final int KBD_SCANCODE_SET = 0xF0;
    public static final int KBD_IDENTIFY = 0xF2;
    public static final int KBD_TYPEMATIC = 0xF3;
    public static final int KBD_ENABLE = 0xF4;
    public static final int KBD_DISABLE = 0xF5;
    public static final int KBD_DEFAULTS = 0xF6;
    public static final int KBD_RESET = 0xFF;

    private final IrqSink irqSink;
    private final SystemControl system;
    private final ArrayDeque<Integer> output = new ArrayDeque<>();
    /** Whether each queued byte came from the aux device; parallel to {@link #output}. */
    private final ArrayDeque<Boolean> outputIsAux = new ArrayDeque<>();
    private int commandByte = CB_KBD_INT | CB_SYS | CB_XLATE;
    private int status = STATUS_UNLOCKED;
    private int pendingCommand;
    private int keyboardPendingCommand;
    private int scancodeSet = 2;
    private boolean keyboardScanning = true;

    public I8042Controller(IrqSink irqSink, SystemControl system) {
        this.irqSink = irqSink;
        this.system = system;
    }

    public void attach(IoBus bus) {
        bus.register(DATA_PORT, 1, this);
        bus.register(STATUS_PORT, 1, this);
    }

    public int commandByte() {
        return commandByte;
    }

    /** A byte from the keyboard (a scan code), as the host's keyboard would send it. */
    public void keyboardInput(int scanCode) {
        if (keyboardScanning && (commandByte & CB_KBD_DISABLE) == 0) {
            enqueue(scanCode, false);
        }
    }

    private void enqueue(int value, boolean aux) {
        output.add(value & 0xFF);
        outputIsAux.add(aux);
        updateIrq();
    }

    private void updateIrq() {
        boolean full = !output.isEmpty();
        boolean aux = full && outputIsAux.peek();
        irqSink.setIrq(KEYBOARD_IRQ, full && !aux && (commandByte & CB_KBD_INT) != 0);
        irqSink.setIrq(AUX_IRQ, full && aux && (commandByte & CB_AUX_INT) != 0);
    }

    @Override
    public int ioRead(int port, int size) {
        if (port == STATUS_PORT) {
            int s = status & ~(STATUS_OBF | STATUS_AUX_OBF);
            if (!output.isEmpty()) {
                s |= STATUS_OBF | (outputIsAux.peek() ? STATUS_AUX_OBF : 0);
            }
            return s;
        }
        if (output.isEmpty()) {
            return 0;
        }
        int value = output.poll();
        outputIsAux.poll();
        updateIrq();
        return value;
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        value &= 0xFF;
        if (port == STATUS_PORT) {
            status |= STATUS_CMD;
            controllerCommand(value);
        } else {
            status &= ~STATUS_CMD;
            dataWrite(value);
        }
    }

    private void controllerCommand(int cmd) {
        pendingCommand = 0;
        if (cmd >= CMD_READ_CB && cmd < CMD_READ_CB + 0x20) {
            enqueue(cmd == CMD_READ_CB ? commandByte : 0, false);   // 0x21-0x3F read controller RAM
            return;
        }
        switch (cmd) {
            case CMD_WRITE_CB, CMD_WRITE_OUTPUT, CMD_WRITE_KBD_OBUF, CMD_WRITE_AUX_OBUF, CMD_WRITE_AUX ->
                    pendingCommand = cmd;
            case CMD_AUX_DISABLE -> commandByte |= CB_AUX_DISABLE;
            case CMD_AUX_ENABLE -> commandByte &= ~CB_AUX_DISABLE;
            case CMD_AUX_TEST, CMD_KBD_TEST -> enqueue(0x00, false);
            case CMD_SELF_TEST -> {
                status |= STATUS_SYS;
                enqueue(SELF_TEST_OK, false);
            }
            case CMD_KBD_DISABLE -> commandByte |= CB_KBD_DISABLE;
            case CMD_KBD_ENABLE -> commandByte &= ~CB_KBD_DISABLE;
            case CMD_READ_INPUT -> enqueue(0x80, false);              // keyboard not inhibited
            case CMD_READ_OUTPUT -> enqueue(outputPort(), false);
            case CMD_DISABLE_A20 -> system.setA20(false);
            case CMD_ENABLE_A20 -> system.setA20(true);
            case CMD_READ_TEST -> enqueue(0x00, false);
            default -> {
                // 0xF0-0xFF pulse output port bits 3-0 low for 6 us; bit 0 is the CPU's RESET.
                if (cmd >= CMD_PULSE_FIRST && (cmd & OUT_RESET) == 0) {
                    system.requestReset();
                }
            }
        }
    }

    private int outputPort() {
        int p = OUT_RESET | (system.a20() ? OUT_A20 : 0);
        if (!output.isEmpty()) {
            p |= outputIsAux.peek() ? 1 << 5 : 1 << 4;   // OBF lines to IRQ 12 / IRQ 1
        }
        return p;
    }

    private void dataWrite(int value) {
        int cmd = pendingCommand;
        pendingCommand = 0;
        switch (cmd) {
            case CMD_WRITE_CB -> {
                commandByte = value;
                status = (status & ~STATUS_SYS) | (value & CB_SYS);
                updateIrq();
            }
            case CMD_WRITE_OUTPUT -> {
                system.setA20((value & OUT_A20) != 0);
                if ((value & OUT_RESET) == 0) {
                    system.requestReset();
                }
            }
            case CMD_WRITE_KBD_OBUF -> enqueue(value, false);
            case CMD_WRITE_AUX_OBUF -> enqueue(value, true);
            case CMD_WRITE_AUX -> status |= STATUS_TIMEOUT;   // no mouse on this board
            default -> keyboardCommand(value);
        }
    }

    /** The keyboard's side of the PS/2 protocol. */
    private void keyboardCommand(int value) {
        status &= ~STATUS_TIMEOUT;
        int pending = keyboardPendingCommand;
        keyboardPendingCommand = 0;
        switch (pending) {
            case KBD_SET_LEDS, KBD_TYPEMATIC -> {
                enqueue(KBD_ACK, false);
                return;
            }
            case KBD_SCANCODE_SET -> {
                enqueue(KBD_ACK, false);
                if (value == 0) {
                    enqueue(scancodeSet, false);
                } else if (value <= 3) {
                    scancodeSet = value;
                }
                return;
            }
            default -> { }
        }
        switch (value) {
            case KBD_SET_LEDS, KBD_TYPEMATIC, KBD_SCANCODE_SET -> {
                keyboardPendingCommand = value;
                enqueue(KBD_ACK, false);
            }
            case KBD_ECHO -> enqueue(KBD_ECHO, false);
            case KBD_IDENTIFY -> {
                enqueue(KBD_ACK, false);
                enqueue(0xAB, false);
                enqueue(0x83, false);   // MF2 keyboard
            }
            case KBD_ENABLE -> {
                keyboardScanning = true;
                enqueue(KBD_ACK, false);
            }
            case KBD_DISABLE, KBD_DEFAULTS -> {
                keyboardScanning = value == KBD_DEFAULTS;
                scancodeSet = 2;
                enqueue(KBD_ACK, false);
            }
            case KBD_RESET -> {
                keyboardScanning = true;
                scancodeSet = 2;
                enqueue(KBD_ACK, false);
                enqueue(KBD_BAT_OK, false);
            }
            default -> enqueue(KBD_RESEND, false);
        }
    }
}
