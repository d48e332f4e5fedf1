package org.j386.cpu;

/** CR0 bits (SDM Vol. 3A 2.5). */
public final class Cr0 {
    private Cr0() { }

    /** Protection Enable. */
    public static final int PE = 1 << 0;
    /** Monitor Coprocessor. */
    public static final int MP = 1 << 1;
    /** Emulation (no x87). */
    public static final int EM = 1 << 2;
    /** Task Switched. */
    public static final int TS = 1 << 3;
    /** Extension Type: hardwired to 1 on a 486 (387-style coprocessor interface). */
    public static final int ET = 1 << 4;
    /** Numeric Error (486). */
    public static final int NE = 1 << 5;
    /** Write Protect: supervisor writes honour read-only pages (486). */
    public static final int WP = 1 << 16;
    /** Alignment Mask (486). */
    public static final int AM = 1 << 18;
    /** Not Write-through (486). */
    public static final int NW = 1 << 29;
    /** Cache Disable (486). */
    public static final int CD = 1 << 30;
    /** Paging. */
    public static final int PG = 1 << 31;

    /** Bits a 486 implements; the rest read as zero. */
    public static final int IMPLEMENTED = PE | MP | EM | TS | ET | NE | WP | AM | NW | CD | PG;
    /** Value after RESET (SDM Vol. 3A 9.1.1, table 9-1): CD and NW set, ET set. */
    public static final int RESET = CD | NW | ET;
}
