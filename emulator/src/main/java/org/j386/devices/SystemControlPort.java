package org.j386.devices;

/**
 * Port 0x61, the PC/AT's system control port B (IBM PC/AT Technical Reference, "System
 * Control Port B"): counter 2's gate and the speaker data enable, and, read back, the memory
 * refresh toggle and counter 2's OUT. The speaker itself makes no sound here.
 */
public final class SystemControlPort implements IoDevice {
    public static final int PORT = 0x61;

    /** Bit 0: GATE of PIT counter 2. */
    public static final int TIMER2_GATE = 1 << 0;
    /** Bit 1: speaker data enable. */
    public static final int SPEAKER_DATA = 1 << 1;
    /** Bit 4 (read): toggles with every DRAM refresh cycle, about every 15 us. */
    public static final int REFRESH_TOGGLE = 1 << 4;
    /** Bit 5 (read): OUT of PIT counter 2. */
    public static final int TIMER2_OUT = 1 << 5;
    /** The refresh request period, in ns. */
    public static final long REFRESH_NS = 15_085;

    private final I8254Pit pit;
    private final Clock clock;
    private int control;

    public SystemControlPort(I8254Pit pit, Clock clock) {
        this.pit = pit;
        this.clock = clock;
    }

    public void attach(IoBus bus) {
        bus.register(PORT, 1, this);
    }

    @Override
    public int ioRead(int port, int size) {
        boolean refresh = (clock.nanos() / REFRESH_NS & 1) != 0;
        return control & (TIMER2_GATE | SPEAKER_DATA)
                | (refresh ? REFRESH_TOGGLE : 0)
                | (pit.out(2) ? TIMER2_OUT : 0);
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        control = value & 0xFF;
        pit.setGate(2, (control & TIMER2_GATE) != 0);
    }
}
