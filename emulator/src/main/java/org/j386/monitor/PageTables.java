package org.j386.monitor;

import org.j386.cpu.Cpu;
import org.j386.cpu.Cr0;
import org.j386.cpu.Cr4;
import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;
import org.j386.mmu.Pte;

/**
 * {@code info mem}, {@code info tlb} and {@code info tlbcache}: the guest's page tables read from
 * CR3 without side effects (QEMU's target/i386/monitor.c formats), and the software TLB's real
 * contents checked against them.
 */
public final class PageTables {
    private PageTables() { }

    /** A 4 MiB page's base as QEMU prints it (it masks with the 2 MiB PAE page mask). */
    private static final int QEMU_LARGE_MASK = ~((1 << 21) - 1);
    private static final int MAPPED_BITS = Pte.US | Pte.RW | Pte.P;

    private static boolean paging(Cpu cpu) {
        return (cpu.cr(0) & Cr0.PG) != 0;
    }

    private static boolean pse(Cpu cpu) {
        return (cpu.cr(4) & Cr4.PSE) != 0;
    }

    /** {@code info tlb}: one line per present page, in linear order. */
    public static String infoTlb(Cpu cpu) {
        if (!paging(cpu)) {
            return "PG disabled\n";
        }
        PhysicalMemory mem = cpu.mmu().memory();
        int pgd = cpu.cr(3) & Pte.FRAME_MASK;
        StringBuilder sb = new StringBuilder();
        for (int l1 = 0; l1 < 1024; l1++) {
            int pde = mem.read32(pgd + 4 * l1);
            if ((pde & Pte.P) == 0) {
                continue;
            }
            if ((pde & Pte.PS) != 0 && pse(cpu)) {
                pte(sb, l1 << 22, pde, QEMU_LARGE_MASK);
                continue;
            }
            for (int l2 = 0; l2 < 1024; l2++) {
                int pte = mem.read32((pde & Pte.FRAME_MASK) + 4 * l2);
                if ((pte & Pte.P) != 0) {
                    pte(sb, l1 << 22 | l2 << 12, pte & ~Pte.PS, Pte.FRAME_MASK);
                }
            }
        }
        return sb.toString();
    }

    private static void pte(StringBuilder sb, int linear, int e, int mask) {
        sb.append(String.format("%016x: %016x -%c%c%c%c%c%c%c%c\n",
                linear & 0xFFFFFFFFL, e & mask & 0xFFFFFFFFL,
                (e & Pte.G) != 0 ? 'G' : '-', (e & Pte.PS) != 0 ? 'P' : '-', (e & Pte.D) != 0 ? 'D' : '-',
                (e & Pte.A) != 0 ? 'A' : '-', (e & Pte.PCD) != 0 ? 'C' : '-', (e & Pte.PWT) != 0 ? 'T' : '-',
                (e & Pte.US) != 0 ? 'U' : '-', (e & Pte.RW) != 0 ? 'W' : '-'));
    }

    /** {@code info mem}: maximal runs of present pages with the same combined U/S and R/W. */
    public static String infoMem(Cpu cpu) {
        if (!paging(cpu)) {
            return "PG disabled\n";
        }
        PhysicalMemory mem = cpu.mmu().memory();
        int pgd = cpu.cr(3) & Pte.FRAME_MASK;
        Ranges r = new Ranges();
        for (int l1 = 0; l1 < 1024; l1++) {
            int pde = mem.read32(pgd + 4 * l1);
            long end = (long) l1 << 22;
            if ((pde & Pte.P) == 0) {
                r.at(end, 0);
            } else if ((pde & Pte.PS) != 0 && pse(cpu)) {
                r.at(end, pde & MAPPED_BITS);
            } else {
                for (int l2 = 0; l2 < 1024; l2++) {
                    int pte = mem.read32((pde & Pte.FRAME_MASK) + 4 * l2);
                    r.at(end + ((long) l2 << 12), (pte & Pte.P) != 0 ? pte & pde & MAPPED_BITS : 0);
                }
            }
        }
        r.at(1L << 32, 0);
        return r.out.toString();
    }

    /** The range accumulator of QEMU's mem_print. */
    private static final class Ranges {
        final StringBuilder out = new StringBuilder();
        long start = -1;
        int lastProt;

        void at(long end, int prot) {
            if (prot == lastProt) {
                return;
            }
            if (start != -1) {
                out.append(String.format("%016x-%016x %016x %c%c%c\n", start, end, end - start,
                        (lastProt & Pte.US) != 0 ? 'u' : '-', 'r', (lastProt & Pte.RW) != 0 ? 'w' : '-'));
            }
            start = prot != 0 ? end : -1;
            lastProt = prot;
        }
    }

    /** Why entry {@code e} no longer matches the page tables, or "" if it still does. */
    private static String staleness(Mmu mmu, Mmu.TlbEntry e) {
        long now = mmu.debugTranslate(e.linear());
        if (now < 0) {
            return "stale: not present in the page tables";
        }
        if ((now & ~0xFFFL) != (e.physical() & 0xFFFFF000L)) {
            return String.format("stale: page tables now map %08x", now & ~0xFFFL);
        }
        int rights = mmu.debugRights(e.linear());
        if (e.user() && (rights & Pte.US) == 0) {
            return "stale: page is now supervisor-only";
        }
        boolean mustCheckWrite = e.user() || mmu.writeProtect();
        if (e.kind().equals("write") && mustCheckWrite && (rights & Pte.RW) == 0) {
            return "stale: page is now read-only";
        }
        return "";
    }

    /**
     * {@code info tlbcache}: every valid entry of the software TLB, and whether the page tables
     * still say the same. A stale entry is one the guest changed without INVLPG or a CR3 write:
     * real hardware would go on using it too, and so does j386.
     */
    public static String infoTlbCache(Cpu cpu) {
        Mmu mmu = cpu.mmu();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("TLB: %d hits, %d misses, %d walks, %d page faults\n",
                mmu.tlbHits, mmu.tlbMisses, mmu.pageWalks, mmu.pageFaults));
        int stale = 0;
        var entries = mmu.tlbEntries();
        for (Mmu.TlbEntry e : entries) {
            String state = staleness(mmu, e);
            if (!state.isEmpty()) {
                stale++;
            }
            sb.append(String.format("%08x: %08x %-5s %-4s%s%s\n", e.linear(), e.physical(), e.kind(),
                    e.user() ? "user" : "sys", e.global() ? " G" : "", state.isEmpty() ? "" : "  " + state));
        }
        sb.append(String.format("%d entries, %d stale\n", entries.size(), stale));
        return sb.toString();
    }
}
