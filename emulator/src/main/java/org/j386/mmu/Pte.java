package org.j386.mmu;

/**
 * Page-directory and page-table entry bits (SDM Vol. 3A 4.3, tables 4-5 and 4-6).
 *
 * <pre>
 *  31                 12 11  9 8 7 6 5 4 3 2 1 0
 * +---------------------+-----+-+-+-+-+-+-+-+-+-+
 * | frame address       | AVL |G|S|D|A|C|W|U|R|P|
 * +---------------------+-----+-+-+-+-+-+-+-+-+-+
 * </pre>
 * S (PS) is the PDE's page-size bit; in a PTE bit 7 is PAT, reserved here.
 */
public final class Pte {
    private Pte() { }

    public static final int P_BIT = 0;
    public static final int RW_BIT = 1;
    public static final int US_BIT = 2;
    public static final int PWT_BIT = 3;
    public static final int PCD_BIT = 4;
    public static final int A_BIT = 5;
    public static final int D_BIT = 6;
    public static final int PS_BIT = 7;
    public static final int G_BIT = 8;

    /** Present. */
    public static final int P = 1 << P_BIT;
    /** Read/write: writable when set. */
    public static final int RW = 1 << RW_BIT;
    /** User/supervisor: user-accessible when set. */
    public static final int US = 1 << US_BIT;
    /** Page-level write-through (stored only: no cache model). */
    public static final int PWT = 1 << PWT_BIT;
    /** Page-level cache disable (stored only). */
    public static final int PCD = 1 << PCD_BIT;
    /** Accessed. */
    public static final int A = 1 << A_BIT;
    /** Dirty (leaf entries only). */
    public static final int D = 1 << D_BIT;
    /** Page size: a PDE that maps a 4 MiB page when CR4.PSE is set. */
    public static final int PS = 1 << PS_BIT;
    /** Global: kept in the TLB across CR3 writes when CR4.PGE is set. */
    public static final int G = 1 << G_BIT;

    public static final int FRAME_MASK = 0xFFFFF000;
    /** Base of a 4 MiB page in a PS=1 PDE. */
    public static final int LARGE_FRAME_MASK = 0xFFC00000;
    /** Bits 21:13 of a PS=1 PDE are reserved on a 32-bit non-PAE CPU without PSE-36. */
    public static final int LARGE_RESERVED_MASK = 0x003FE000;

    /** Index into the page directory: linear address bits 31:22. */
    public static int pdx(int linear) {
        return linear >>> 22;
    }

    /** Index into a page table: linear address bits 21:12. */
    public static int ptx(int linear) {
        return (linear >>> 12) & 0x3FF;
    }
}
