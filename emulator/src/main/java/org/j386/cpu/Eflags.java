package org.j386.cpu;

/** EFLAGS bits (SDM Vol. 1 3.4.3, Vol. 3A 2.3) as a 486 implements them. */
public final class Eflags {
    private Eflags() { }

    /** Carry. */
    public static final int CF = 1 << 0;
    /** Bit 1 reads as one. */
    public static final int FIXED_1 = 1 << 1;
    /** Parity of the low byte of the result. */
    public static final int PF = 1 << 2;
    /** Auxiliary (BCD) carry out of bit 3. */
    public static final int AF = 1 << 4;
    /** Zero. */
    public static final int ZF = 1 << 6;
    /** Sign. */
    public static final int SF = 1 << 7;
    /** Trap: single-step. */
    public static final int TF = 1 << 8;
    /** Interrupt enable. */
    public static final int IF = 1 << 9;
    /** Direction of string instructions. */
    public static final int DF = 1 << 10;
    /** Overflow. */
    public static final int OF = 1 << 11;
    /** I/O privilege level, two bits. */
    public static final int IOPL_SHIFT = 12;
    public static final int IOPL = 3 << IOPL_SHIFT;
    /** Nested task. */
    public static final int NT = 1 << 14;
    /** Resume. */
    public static final int RF = 1 << 16;
    /** Virtual-8086 mode. */
    public static final int VM = 1 << 17;
    /** Alignment check (486). */
    public static final int AC = 1 << 18;
    /** ID: software that can toggle it may use CPUID (SDM Vol. 1 20.1.2). */
    public static final int ID = 1 << 21;

    /** The six status flags (SDM Vol. 1 3.4.3.1). */
    public static final int ARITH = CF | PF | AF | ZF | SF | OF;
    /** Bits that exist on this CPU; every other bit reads as its fixed value. */
    public static final int IMPLEMENTED = ARITH | TF | IF | DF | IOPL | NT | RF | VM | AC | ID;
}
