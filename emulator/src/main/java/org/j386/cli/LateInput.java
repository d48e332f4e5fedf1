package org.j386.cli;

import java.util.ArrayList;
import java.util.List;

import org.j386.chardev.InputSink;
import org.j386.devices.Uart16550;
import org.j386.machine.Machine;

/**
 * A TCP client's keys for a serial port whose machine is built after the socket opened: bytes
 * that arrive before {@link #connect} are kept and handed over then, in order.
 */
final class LateInput implements InputSink {
    /** For output-only devices: what a client types is dropped. */
    static final LateInput DISCARD = new LateInput();

    private final List<byte[]> early = new ArrayList<>();
    private Machine machine;
    private Uart16550 uart;

    @Override
    public synchronized void receive(byte[] data, int offset, int length) {
        if (this == DISCARD) {
            return;
        }
        if (uart == null) {
            byte[] copy = new byte[length];
            System.arraycopy(data, offset, copy, 0, length);
            early.add(copy);
            return;
        }
        uart.hostInput(data, offset, length);
        machine.wakeUp();
    }

    /** From now on bytes go to {@code uart} of {@code machine}. */
    synchronized void connect(Machine m, Uart16550 u) {
        machine = m;
        uart = u;
        for (byte[] b : early) {
            u.hostInput(b, 0, b.length);
        }
        early.clear();
        m.wakeUp();
    }
}
