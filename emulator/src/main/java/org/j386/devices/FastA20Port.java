package org.j386.devices;

/**
 * Port 0x92, the PS/2 "system control port A": bit 1 opens the A20 gate without the 8042's
 * round trip, and a 0 -> 1 write of bit 0 resets the CPU (the fast reset).
 */
public final class FastA20Port implements IoDevice {
    public static final int PORT = 0x92;
    public static final int FAST_RESET = 1 << 0;
    public static final int A20 = 1 << 1;

    private final SystemControl system;
    private int latched;

    public FastA20Port(SystemControl system) {
        this.system = system;
    }

    public void attach(IoBus bus) {
        bus.register(PORT, 1, this);
    }

    @Override
    public int ioRead(int port, int size) {
        return latched & ~(A20 | FAST_RESET) | (system.a20() ? A20 : 0);
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        int old = latched;
        latched = value & 0xFF;
        system.setA20((value & A20) != 0);
        if ((value & FAST_RESET) != 0 && (old & FAST_RESET) == 0) {
            system.requestReset();
        }
    }
}
