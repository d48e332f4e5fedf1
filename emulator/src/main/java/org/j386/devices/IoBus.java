package org.j386.devices;

/**
 * The 64 KiB I/O port space of a PC. Each port number maps to at most one device; a read of a
 * port nobody decodes floats to all ones, as the ISA bus does, and a write to it is dropped.
 */
public final class IoBus {
    public static final int PORT_COUNT = 1 << 16;
    private static final int PORT_MASK = PORT_COUNT - 1;

    private final IoDevice[] devices = new IoDevice[PORT_COUNT];

    /** Claims {@code count} consecutive ports from {@code first} for {@code device}. */
    public void register(int first, int count, IoDevice device) {
        if (first < 0 || count <= 0 || first + count > PORT_COUNT) {
            throw new IllegalArgumentException("I/O range out of bounds: " + first + "+" + count);
        }
        for (int p = first; p < first + count; p++) {
            if (devices[p] != null && devices[p] != device) {
                throw new IllegalStateException(String.format("I/O port %04x claimed twice", p));
            }
            devices[p] = device;
        }
    }

    public IoDevice deviceAt(int port) {
        return devices[port & PORT_MASK];
    }

    /** IN: zero-extended value of {@code size} bytes; all ones for an undecoded port. */
    public int read(int port, int size) {
        IoDevice d = devices[port & PORT_MASK];
        if (d == null) {
            return size == 4 ? -1 : (1 << (size * 8)) - 1;
        }
        return d.ioRead(port & PORT_MASK, size);
    }

    /** OUT: the low {@code size} bytes of {@code value}. */
    public void write(int port, int size, int value) {
        IoDevice d = devices[port & PORT_MASK];
        if (d != null) {
            d.ioWrite(port & PORT_MASK, size, size == 4 ? value : value & ((1 << (size * 8)) - 1));
        }
    }
}
