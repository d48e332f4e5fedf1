package org.j386.machine;

import java.util.List;

import org.j386.devices.DebugConsole;
import org.j386.devices.SerialBackend;

/**
 * The host ends of a machine's devices: where its serial ports and debug consoles lead and where
 * its {@code -d} log goes. They outlive reboots; each new board attaches them again.
 *
 * @param com1          COM1's line ({@code -serial}); null drops what the guest sends (COM1 is always there)
 * @param com2          COM2's line (a second {@code -serial}), or null for a machine without COM2, as
 *                      QEMU builds one only when a second {@code -serial} is given
 * @param debugConsoles {@code -debugcon} and {@code -device isa-debugcon} ports
 * @param log           the {@code -d} log
 */
public record Attachments(SerialBackend com1, SerialBackend com2, List<DebugConsole> debugConsoles, GuestLog log) {
    public Attachments {
        debugConsoles = List.copyOf(debugConsoles);
        if (log == null) {
            throw new IllegalArgumentException("Attachments: no log (GuestLog.off() for none)");
        }
    }

    /** COM1 only, nothing logged. */
    public static Attachments com1(SerialBackend com1) {
        return new Attachments(com1, null, List.of(), GuestLog.off());
    }
}
