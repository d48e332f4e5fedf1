package org.j386.machine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.j386.devices.DebugConsole;
import org.j386.devices.SerialBackend;

/**
 * The host ends of a machine's devices: where its serial ports and debug consoles lead and where
 * its {@code -d} log goes. They outlive reboots; each new board attaches them again.
 *
 * @param serials       the lines of COM1..COM4 in {@code -serial} order; a null entry, or a missing
 *                      one, is no port at all at that index, as QEMU builds an isapc's serial port
 *                      only for a {@code -serial} that is not {@code none}
 * @param debugConsoles {@code -debugcon} and {@code -device isa-debugcon} ports
 * @param log           the {@code -d} log
 */
public record Attachments(List<SerialBackend> serials, List<DebugConsole> debugConsoles, GuestLog log) {
    /** A line that drops what the guest sends (QEMU's {@code -serial null}). */
    public static final SerialBackend DISCARD = b -> { };

    public Attachments {
        if (serials.size() > Machine.SERIAL_PORTS) {
            throw new IllegalArgumentException("Attachments: " + serials.size() + " serial lines; the machine has "
                    + Machine.SERIAL_PORTS + " ports");
        }
        serials = Collections.unmodifiableList(new ArrayList<>(serials));
        debugConsoles = List.copyOf(debugConsoles);
        if (log == null) {
            throw new IllegalArgumentException("Attachments: no log (GuestLog.off() for none)");
        }
    }

    /** COM1 only (null: one that drops what the guest sends), nothing logged. */
    public static Attachments com1(SerialBackend com1) {
        return new Attachments(List.of(com1 == null ? DISCARD : com1), List.of(), GuestLog.off());
    }

    /** The line of serial port {@code index} (0 is COM1), or null when the machine has no port there. */
    public SerialBackend serial(int index) {
        return index < serials.size() ? serials.get(index) : null;
    }
}
