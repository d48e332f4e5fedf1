package org.j386.devices;

/**
 * QEMU's {@code isa-debug-exit} device (hw/misc/debugexit.c): a write of v, of any width, to any
 * of its ports ends the emulator with exit status {@code (v << 1) | 1}, so a guest can report
 * success or failure but never produce status 0. Reads return 0. Its ports come from the
 * command line ({@code -device isa-debug-exit,iobase=0xf4,iosize=0x04}); QEMU's defaults are
 * {@link #DEFAULT_IOBASE} and {@link #DEFAULT_IOSIZE}.
 */
public final class IsaDebugExit implements IoDevice {
    public static final int DEFAULT_IOBASE = 0x501;
    public static final int DEFAULT_IOSIZE = 0x02;

    private final int iobase;
    private final int iosize;
    private final PowerControl power;

    public IsaDebugExit(int iobase, int iosize, PowerControl power) {
        if (iobase < 0 || iosize <= 0 || iobase + iosize > IoBus.PORT_COUNT) {
            throw new IllegalArgumentException(String.format(
                    "IsaDebugExit: ports %#x+%#x outside the I/O space", iobase, iosize));
        }
        this.iobase = iobase;
        this.iosize = iosize;
        this.power = power;
    }

    public void attach(IoBus bus) {
        bus.register(iobase, iosize, this);
    }

    /** The exit status QEMU gives for a write of {@code value}: {@code (value << 1) | 1}. */
    public static int exitStatus(int value) {
        return (value << 1) | 1;
    }

    @Override
    public int ioRead(int port, int size) {
        return 0;
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        power.powerOff(exitStatus(value));
    }
}
