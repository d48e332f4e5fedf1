package org.j386.devices;

/** Where a device's interrupt request line goes: the ISA IRQ lines of the PIC pair. */
public interface IrqSink {
    /** Drives ISA line {@code irq} (0-15) to {@code level}. */
    void setIrq(int irq, boolean level);
}
