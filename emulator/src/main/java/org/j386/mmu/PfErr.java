package org.j386.mmu;

/** The #PF error code (SDM Vol. 3A 4.7, figure 4-12). Composed here, never written as 4 or 6. */
public final class PfErr {
    private PfErr() { }

    /** 0: the page was not present; 1: a protection violation on a present page. */
    public static final int P = 1 << 0;
    /** The access was a write. */
    public static final int W = 1 << 1;
    /** The access came from user mode (CPL 3). */
    public static final int U = 1 << 2;
    /** A reserved bit was set in a paging-structure entry. */
    public static final int RSVD = 1 << 3;
}
