package org.j386.devices;

import org.j386.cpu.InterruptController;

/**
 * The PC/AT's pair of 8259As: the master at ports 0x20-0x21 serves IRQ 0-7, the slave at
 * 0xA0-0xA1 serves IRQ 8-15 and cascades into the master's IR2. On acknowledge the master
 * supplies the vector unless the winner is its cascade input, in which case the slave does;
 * a spurious acknowledge yields IR7 of the chip that found nothing (IRQ 7 or IRQ 15).
 */
public final class DualPic implements InterruptController, IoDevice, IrqSink {
    public static final int MASTER_COMMAND = 0x20;
    public static final int MASTER_DATA = 0x21;
    public static final int SLAVE_COMMAND = 0xA0;
    public static final int SLAVE_DATA = 0xA1;
    /** The master input the slave's INT output drives. */
    public static final int CASCADE_IRQ = 2;

    private final I8259Pic master = new I8259Pic();
    private final I8259Pic slave = new I8259Pic();

    public void attach(IoBus bus) {
        bus.register(MASTER_COMMAND, 2, this);
        bus.register(SLAVE_COMMAND, 2, this);
    }

    public I8259Pic master() {
        return master;
    }

    public I8259Pic slave() {
        return slave;
    }

    /** Drives ISA interrupt line {@code irq} (0-15). */
    @Override
    public void setIrq(int irq, boolean level) {
        if (irq < 8) {
            master.setLine(irq, level);
        } else {
            slave.setLine(irq - 8, level);
            updateCascade();
        }
    }

    /** An edge on {@code irq}: the line goes high and back low, as an ISA device's pulse. */
    public void pulseIrq(int irq) {
        setIrq(irq, true);
        setIrq(irq, false);
    }

    private void updateCascade() {
        master.setLine(CASCADE_IRQ, slave.intOutput());
    }

    @Override
    public boolean interruptPending() {
        return master.intOutput();
    }

    @Override
    public int acknowledgeInterrupt() {
        int irq = master.acknowledge();
        if ((irq & I8259Pic.SPURIOUS_FLAG) != 0) {
            return master.vectorBase() + I8259Pic.SPURIOUS_IRQ;
        }
        if (master.isCascadeInput(irq)) {
            int slaveIrq = slave.acknowledge();
            updateCascade();
            return slave.vectorBase() + (slaveIrq & ~I8259Pic.SPURIOUS_FLAG);
        }
        return master.vectorBase() + irq;
    }

    @Override
    public int ioRead(int port, int size) {
        I8259Pic pic = port >= SLAVE_COMMAND ? slave : master;
        int value = (port & 1) == 0 ? pic.readCommand() : pic.readData();
        if (pic == slave) {
            updateCascade();
        }
        return value;
    }

    @Override
    public void ioWrite(int port, int size, int value) {
        I8259Pic pic = port >= SLAVE_COMMAND ? slave : master;
        if ((port & 1) == 0) {
            pic.writeCommand(value & 0xFF);
        } else {
            pic.writeData(value & 0xFF);
        }
        if (pic == slave) {
            updateCascade();
        }
    }

    /** QEMU's {@code info pic}: the slave first (pic1), then the master (pic0). */
    public String infoPic() {
        return line("pic1", slave) + line("pic0", master);
    }

    private static String line(String name, I8259Pic p) {
        return String.format("%s: irr=%02x imr=%02x isr=%02x hprio=%d irq_base=%02x rr_sel=%d elcr=00 fnm=%d%n",
                name, p.irr(), p.imr(), p.isr(), p.highestPriority(), p.vectorBase(), p.readsIsr() ? 1 : 0,
                p.specialFullyNested() ? 1 : 0);
    }

    /** QEMU's {@code info irq}: accepted interrupts per line, lines that never fired left out. */
    public String infoIrq() {
        StringBuilder sb = new StringBuilder("IRQ statistics for isa-i8259:\n");
        for (int irq = 0; irq < 16; irq++) {
            long n = irq < 8 ? master.acceptedCount(irq) : slave.acceptedCount(irq - 8);
            if (irq == CASCADE_IRQ) {
                continue;
            }
            if (n != 0) {
                sb.append(String.format("%2d: %d%n", irq, n));
            }
        }
        return sb.toString();
    }
}
