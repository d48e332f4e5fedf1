package org.j386.devices;

/**
 * Bochs's shutdown port 0x8900 (bochs iodev/unmapped.cc): writing the bytes of "Shutdown" in
 * order powers the machine off. Each byte advances the match only when it is the next expected
 * letter; another letter of the word leaves the state alone, and any other byte starts over,
 * exactly as Bochs does. Reads float to 0xFF like an undecoded port.
 *
 * <p>QEMU has no such port; j386 has it so that a kernel can stop all three machines the same
 * way. The exit status is 0, what QEMU returns for a guest that powers off without
 * isa-debug-exit (and what Bochs returns for a requested shutdown).
 */
public final class BochsShutdownPort implements IoDevice {
    public static final int PORT = 0x8900;
    public static final String MAGIC = "Shutdown";
    public static final int EXIT_STATUS = 0;

    private final PowerControl power;
    /** How many letters of {@link #MAGIC} have been matched. */
    private int matched;

    public BochsShutdownPort(PowerControl power) {
        this.power = power;
    }

    public void attach(IoBus bus) {
        bus.register(PORT, 1, this);
    }

    @Override
    public int ioRead(int port, int size) {
        return size == 4 ? -1 : (1 << (size * 8)) - 1;
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        int c = value & 0xFF;
        int at = MAGIC.indexOf(c);
        if (at < 0) {
            matched = 0;
            return;
        }
        if (at == matched) {
            matched++;
        }
        if (matched == MAGIC.length()) {
            matched = 0;
            power.powerOff(EXIT_STATUS);
        }
    }
}
