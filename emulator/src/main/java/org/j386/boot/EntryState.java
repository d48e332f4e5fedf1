package org.j386.boot;

/**
 * The processor state at the kernel's first instruction. The Multiboot Specification (3.2)
 * promises only EAX, EBX, CS/DS..SS flat 4 GiB, CR0.PE on, CR0.PG off and EFLAGS.IF/VM off; the
 * other values are what QEMU 7.2's option ROM happens to leave on {@code -M isapc} (read with
 * {@code -d cpu} at the entry point and by the probe kernel), copied so that register dumps at
 * entry read the same on both machines.
 *
 * @param gprs        EAX..EDI in encoding order (EAX = 0 ... EDI = 7)
 * @param codeFlags   the CS descriptor cache's attribute bits as QEMU prints them ({@code 00cf9a00}:
 *                    QEMU leaves the code descriptor's accessed bit clear)
 * @param dataFlags   the same for DS, ES, FS, GS and SS ({@code 00cf9300})
 */
public record EntryState(int[] gprs, int eip, int eflags, int cr0,
                         int codeSelector, int dataSelector, int codeFlags, int dataFlags,
                         int gdtBase, int gdtLimit, int idtBase, int idtLimit) {

    public static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;

    /** Flat segments: base 0, limit 4 GiB - 1 (page-granular 0xFFFFF). */
    public static final int FLAT_BASE = 0;
    public static final int FLAT_LIMIT = 0xFFFFFFFF;

    public EntryState {
        gprs = gprs.clone();
    }

    @Override
    public int[] gprs() {
        return gprs.clone();
    }

    public int gpr(int r) {
        return gprs[r];
    }
}
