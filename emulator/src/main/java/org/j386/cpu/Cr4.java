package org.j386.cpu;

/** CR4 bits (SDM Vol. 3A 2.5) that this CPU implements. */
public final class Cr4 {
    private Cr4() { }

    /** Virtual-8086 Mode Extensions (not implemented; reserved here). */
    public static final int VME = 1 << 0;
    /** Time Stamp Disable: RDTSC is privileged. */
    public static final int TSD = 1 << 2;
    /** Debugging Extensions. */
    public static final int DE = 1 << 3;
    /** Page Size Extensions: 4 MiB pages through PDE.PS. */
    public static final int PSE = 1 << 4;
    /** Page Global Enable: PTE.G entries survive CR3 writes. */
    public static final int PGE = 1 << 7;

    /** Bits a MOV to CR4 may set; any other raises #GP(0). */
    public static final int IMPLEMENTED = TSD | DE | PSE | PGE;
}
