package org.j386.devices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 8259A pair as a PC BIOS or Linux programs it (8259A datasheet; Linux i8259.c init sequence). */
class DualPicTest {
    private IoBus bus;
    private DualPic pic;

    @BeforeEach
    void setUp() {
        bus = new IoBus();
        pic = new DualPic();
        pic.attach(bus);
        // Linux's init_8259A: ICW1 edge+ICW4, ICW2 vector base, ICW3 cascade, ICW4 8086 mode.
        bus.write(0x20, 1, 0x11);
        bus.write(0x21, 1, 0x20);
        bus.write(0x21, 1, 1 << 2);
        bus.write(0x21, 1, 0x01);
        bus.write(0xA0, 1, 0x11);
        bus.write(0xA1, 1, 0x28);
        bus.write(0xA1, 1, 2);
        bus.write(0xA1, 1, 0x01);
    }

    @Test
    void icw1ClearsMaskAndNothingIsPending() {
        assertEquals(0, bus.read(0x21, 1));
        assertFalse(pic.interruptPending());
    }

    @Test
    void edgeRequestIsDeliveredWithVectorBaseAndMovesToIsr() {
        pic.pulseIrq(0);
        assertTrue(pic.interruptPending());
        assertEquals(0x20, pic.acknowledgeInterrupt());
        assertEquals(1, pic.master().isr());
        assertEquals(0, pic.master().irr());
        assertFalse(pic.interruptPending());
    }

    @Test
    void maskedRequestWaitsInIrr() {
        bus.write(0x21, 1, 0x01);
        pic.pulseIrq(0);
        assertFalse(pic.interruptPending());
        bus.write(0x20, 1, 0x0A);               // OCW3: read IRR
        assertEquals(0x01, bus.read(0x20, 1));
        bus.write(0x21, 1, 0x00);
        assertTrue(pic.interruptPending());
    }

    @Test
    void inServiceBlocksLowerPriorityUntilEoi() {
        pic.pulseIrq(3);
        assertEquals(0x23, pic.acknowledgeInterrupt());
        pic.pulseIrq(4);
        assertFalse(pic.interruptPending(), "IR4 is below IR3 in service");
        pic.pulseIrq(1);
        assertTrue(pic.interruptPending(), "IR1 outranks IR3");
        assertEquals(0x21, pic.acknowledgeInterrupt());
        bus.write(0x20, 1, 0x20);               // non-specific EOI clears IR1
        bus.write(0x20, 1, 0x0B);               // OCW3: read ISR
        assertEquals(1 << 3, bus.read(0x20, 1));
        bus.write(0x20, 1, 0x20);               // and then IR3
        assertEquals(0x24, pic.acknowledgeInterrupt());
    }

    @Test
    void specificEoiClearsTheNamedLevel() {
        pic.pulseIrq(1);
        pic.acknowledgeInterrupt();
        bus.write(0x20, 1, 0x60 | 1);
        assertEquals(0, pic.master().isr());
    }

    @Test
    void edgeNeedsALowBetweenRequests() {
        pic.setIrq(4, true);
        assertEquals(0x24, pic.acknowledgeInterrupt());
        bus.write(0x20, 1, 0x20);
        pic.setIrq(4, true);                    // still high: no new edge
        assertFalse(pic.interruptPending());
        pic.setIrq(4, false);
        pic.setIrq(4, true);
        assertTrue(pic.interruptPending());
    }

    @Test
    void slaveRequestCascadesThroughIrq2() {
        pic.pulseIrq(8 + 6);
        assertTrue(pic.interruptPending());
        assertEquals(0x2E, pic.acknowledgeInterrupt());
        assertEquals(1 << 6, pic.slave().isr());
        assertEquals(1 << 2, pic.master().isr());
        bus.write(0xA0, 1, 0x20);
        bus.write(0x20, 1, 0x20);
        assertEquals(0, pic.master().isr());
    }

    @Test
    void maskingTheCascadeInputHidesTheSlave() {
        bus.write(0x21, 1, 1 << 2);
        pic.pulseIrq(12);
        assertFalse(pic.interruptPending());
    }

    @Test
    void spuriousAcknowledgeGivesIr7WithoutIsr() {
        pic.pulseIrq(5);
        bus.write(0x21, 1, 1 << 5);             // masked after it was requested
        assertEquals(0x27, pic.acknowledgeInterrupt());
        assertEquals(0, pic.master().isr());
    }

    @Test
    void autoEoiLeavesIsrClear() {
        bus.write(0x20, 1, 0x11);
        bus.write(0x21, 1, 0x08);
        bus.write(0x21, 1, 1 << 2);
        bus.write(0x21, 1, 0x03);               // 8086 mode, AEOI
        pic.pulseIrq(0);
        assertEquals(0x08, pic.acknowledgeInterrupt());
        assertEquals(0, pic.master().isr());
    }

    @Test
    void setPriorityRotatesTheResolver() {
        bus.write(0x20, 1, 0xC0 | 3);           // OCW2 set priority: IR3 lowest, IR4 highest
        pic.pulseIrq(0);
        pic.pulseIrq(5);
        assertEquals(4, pic.master().highestPriority());
        assertEquals(0x25, pic.acknowledgeInterrupt(), "order is now 4 5 6 7 0 1 2 3");
    }

    @Test
    void pollCommandAcknowledgesThroughAStatusRead() {
        pic.pulseIrq(6);
        bus.write(0x20, 1, 0x0C);               // OCW3 poll
        assertEquals(0x86, bus.read(0x20, 1));
        assertEquals(1 << 6, pic.master().isr());
    }

    @Test
    void levelTriggeredRequestFollowsTheLine() {
        bus.write(0x20, 1, 0x19);               // ICW1 with LTIM
        bus.write(0x21, 1, 0x20);
        bus.write(0x21, 1, 1 << 2);
        bus.write(0x21, 1, 0x01);
        pic.setIrq(3, true);
        assertTrue(pic.interruptPending());
        pic.setIrq(3, false);
        assertFalse(pic.interruptPending());
    }

    @Test
    void infoPicInQemuFormat() {
        bus.write(0x21, 1, 0xB8);
        assertEquals("pic1: irr=00 imr=00 isr=00 hprio=0 irq_base=28 rr_sel=0 elcr=00 fnm=0\n"
                + "pic0: irr=00 imr=b8 isr=00 hprio=0 irq_base=20 rr_sel=0 elcr=00 fnm=0\n",
                pic.infoPic().replace(System.lineSeparator(), "\n"));
    }
}
