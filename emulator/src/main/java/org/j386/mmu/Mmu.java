package org.j386.mmu;

import static org.j386.mmu.PhysicalMemory.LE16;
import static org.j386.mmu.PhysicalMemory.LE32;
import static org.j386.mmu.PhysicalMemory.PAGE_MASK;
import static org.j386.mmu.PhysicalMemory.PAGE_SHIFT;
import static org.j386.mmu.PhysicalMemory.PAGE_SIZE;

import org.j386.cpu.Fault;

/**
 * The paging unit of a 486 (SDM Vol. 3A ch. 4, 32-bit paging): linear to physical through
 * CR3, a page directory and a page table (or a 4 MiB page under CR4.PSE), with A/D updates,
 * U/S and R/W checks (CR0.WP for supervisor writes) and #PF with CR2 and an error code.
 *
 * <p>In front of the walk sits a software TLB: direct-mapped tables, one per access kind (read,
 * write, fetch) and privilege (supervisor, user). An entry is a tag (the linear page) and an
 * addend that turns the linear address into an index of the RAM array, so a hit is an index, a
 * compare and an add. Write entries are filled only once the leaf's D bit is set and never for a
 * frame that holds cached code, so the first write to a clean page, and every write to code,
 * takes the slow path. Like a real TLB it is a cache the guest must manage: a PTE changed
 * without INVLPG or a CR3 write may still be used.
 *
 * <p>Segmentation is the CPU's business; addresses here are linear.
 */
public final class Mmu {
    public static final int READ = 0;
    public static final int WRITE = 1;
    public static final int FETCH = 2;
    private static final String[] KIND_NAMES = {"read", "write", "fetch"};

    public static final int TLB_BITS = 10;
    public static final int TLB_SIZE = 1 << TLB_BITS;
    private static final int TLB_MASK = TLB_SIZE - 1;
    private static final int TABLES = 6;
    /** A tag no page-aligned linear address can equal. */
    private static final int INVALID = -1;
    private static final byte ENTRY_GLOBAL = 1;
    /** The slot is in {@link #filled}; it stays listed when INVLPG empties it, so it is listed once. */
    private static final byte ENTRY_LISTED = 2;

    private final PhysicalMemory mem;
    /** Guest RAM, the array every TLB addend indexes. */
    public final byte[] ram;
    private final Fault fault = new Fault();

    /** TLB table {@code t = kind * 2 + user} occupies slots {@code [t * TLB_SIZE, (t + 1) * TLB_SIZE)}. */
    private final int[] tlbTag = new int[TABLES * TLB_SIZE];
    private final int[] tlbAddend = new int[TABLES * TLB_SIZE];
    private final byte[] tlbFlags = new byte[TABLES * TLB_SIZE];
    /** Slots filled since the last full flush, each once, so a flush touches only those. */
    private final int[] filled = new int[TABLES * TLB_SIZE];
    private int filledCount;

    private int readBase;
    private int writeBase = TLB_SIZE * 2;
    private int fetchBase = TLB_SIZE * 4;
    private boolean user;

    private boolean paging;
    private boolean writeProtect;
    private boolean pse;
    private boolean pge;
    private int cr3;
    private int cr2;
    /** Physical address mask of the A20 gate: bit 20 forced to 0 while the gate is closed. */
    private int a20Mask = -1;

    /** Told of every read or write that touches a watched range (a debugger's watchpoints). */
    public interface AccessWatcher {
        void access(int linear, int size, int kind);
    }

    /** Watched linear ranges [start, end) (exclusive end as a long: a range may end at 4 GiB). */
    private int[] watchStart = new int[0];
    private long[] watchEnd = new long[0];
    private AccessWatcher watcher;

    /** Statistics, read by the monitor and the benchmarks. */
    public long tlbHits;
    public long tlbMisses;
    public long pageWalks;
    public long pageFaults;

    public Mmu(PhysicalMemory mem) {
        this.mem = mem;
        this.ram = mem.ram;
        java.util.Arrays.fill(tlbTag, INVALID);
    }

    public PhysicalMemory memory() {
        return mem;
    }

    // ---------------------------------------------------------------- control state

    /** Sets CR0.PG and CR0.WP as the CPU sees them; a change flushes the whole TLB. */
    public void setPaging(boolean pg, boolean wp) {
        if (pg != paging || wp != writeProtect) {
            paging = pg;
            writeProtect = wp;
            flushAll();
        }
    }

    /** Sets CR4.PSE and CR4.PGE; a change flushes the whole TLB. */
    public void setExtensions(boolean pse, boolean pge) {
        if (pse != this.pse || pge != this.pge) {
            this.pse = pse;
            this.pge = pge;
            flushAll();
        }
    }

    /** MOV to CR3: a new page directory; flushes every entry but the global ones (CR4.PGE). */
    public void setCr3(int value) {
        cr3 = value;
        if (pge) {
            flushNonGlobal();
        } else {
            flushAll();
        }
    }

    public int cr3() {
        return cr3;
    }

    public int cr2() {
        return cr2;
    }

    public void setCr2(int value) {
        cr2 = value;
    }

    /**
     * Opens or closes the A20 gate (i8042 output port bit 1, port 0x92 bit 1). Closed, physical
     * address bit 20 reads as 0, so addresses wrap at 1 MiB as on an 8086.
     */
    public void setA20(boolean enabled) {
        int mask = enabled ? -1 : ~(1 << 20);
        if (mask != a20Mask) {
            a20Mask = mask;
            flushAll();
        }
    }

    public boolean a20() {
        return a20Mask == -1;
    }

    public boolean pagingEnabled() {
        return paging;
    }

    /** Selects the tables for CPL 3 (user) or CPL 0-2 (supervisor) accesses. */
    public void setUser(boolean user) {
        this.user = user;
        int u = user ? TLB_SIZE : 0;
        readBase = u;
        writeBase = TLB_SIZE * 2 + u;
        fetchBase = TLB_SIZE * 4 + u;
    }

    public boolean isUser() {
        return user;
    }

    // ---------------------------------------------------------------- hot path: current privilege

    public int read8(int lin) {
        int i = readBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK)) {
            tlbHits++;
            return ram[lin + tlbAddend[i]] & 0xFF;
        }
        return readSlow(lin, 1, user);
    }

    public int read16(int lin) {
        int i = readBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK) && (lin & PAGE_MASK) <= PAGE_SIZE - 2) {
            tlbHits++;
            return (short) LE16.get(ram, lin + tlbAddend[i]) & 0xFFFF;
        }
        return readSlow(lin, 2, user);
    }

    public int read32(int lin) {
        int i = readBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK) && (lin & PAGE_MASK) <= PAGE_SIZE - 4) {
            tlbHits++;
            return (int) LE32.get(ram, lin + tlbAddend[i]);
        }
        return readSlow(lin, 4, user);
    }

    public void write8(int lin, int value) {
        int i = writeBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK)) {
            tlbHits++;
            ram[lin + tlbAddend[i]] = (byte) value;
            return;
        }
        writeSlow(lin, 1, value, user);
    }

    public void write16(int lin, int value) {
        int i = writeBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK) && (lin & PAGE_MASK) <= PAGE_SIZE - 2) {
            tlbHits++;
            LE16.set(ram, lin + tlbAddend[i], (short) value);
            return;
        }
        writeSlow(lin, 2, value, user);
    }

    public void write32(int lin, int value) {
        int i = writeBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK) && (lin & PAGE_MASK) <= PAGE_SIZE - 4) {
            tlbHits++;
            LE32.set(ram, lin + tlbAddend[i], value);
            return;
        }
        writeSlow(lin, 4, value, user);
    }

    /** Instruction fetch of one byte at linear {@code lin}. */
    public int fetch8(int lin) {
        int i = fetchBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK)) {
            return ram[lin + tlbAddend[i]] & 0xFF;
        }
        return fetchSlow(lin);
    }

    /**
     * Translates an instruction fetch and returns the RAM index of {@code lin}, or -1 when the
     * page is not plain RAM (a ROM or MMIO: fetch byte by byte with {@link #fetch8}). Raises #PF.
     * The CPU's decoder uses this to read a whole page of code without a lookup per byte.
     */
    public int fetchIndex(int lin) {
        int i = fetchBase + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if (tlbTag[i] == (lin & ~PAGE_MASK)) {
            return lin + tlbAddend[i];
        }
        int pa = translate(lin, FETCH, user);
        int index = fill(fetchBase, lin, pa, lastGlobal);
        return index < 0 ? -1 : index + (lin & PAGE_MASK);
    }

    // ---------------------------------------------------------------- supervisor accesses at any CPL

    /** Reads made by the processor itself (descriptor tables, TSS): supervisor at any CPL (SDM 4.6). */
    public int readSystem8(int lin) {
        return user ? readSlow(lin, 1, false) : read8(lin);
    }

    public int readSystem16(int lin) {
        return user ? readSlow(lin, 2, false) : read16(lin);
    }

    public int readSystem32(int lin) {
        return user ? readSlow(lin, 4, false) : read32(lin);
    }

    public void writeSystem8(int lin, int value) {
        if (user) {
            writeSlow(lin, 1, value, false);
        } else {
            write8(lin, value);
        }
    }

    public void writeSystem16(int lin, int value) {
        if (user) {
            writeSlow(lin, 2, value, false);
        } else {
            write16(lin, value);
        }
    }

    public void writeSystem32(int lin, int value) {
        if (user) {
            writeSlow(lin, 4, value, false);
        } else {
            write32(lin, value);
        }
    }

    /**
     * Checks that {@code size} bytes at {@code lin} may be written at the current privilege,
     * walking (and setting A/D) as a write would, without writing. An instruction that stores
     * more than once (PUSHA, a far CALL, ENTER) probes first so a #PF leaves no partial effect.
     */
    public void probeWrite(int lin, int size) {
        translate(lin, WRITE, user);
        int last = lin + size - 1;
        if (((lin ^ last) & ~PAGE_MASK) != 0) {
            translate(last, WRITE, user);
        }
    }

    /** The same for reads. */
    public void probeRead(int lin, int size) {
        translate(lin, READ, user);
        int last = lin + size - 1;
        if (((lin ^ last) & ~PAGE_MASK) != 0) {
            translate(last, READ, user);
        }
    }

    // ---------------------------------------------------------------- slow paths

    private int tableBase(int kind, boolean asUser) {
        return kind * 2 * TLB_SIZE + (asUser ? TLB_SIZE : 0);
    }

    private int readSlow(int lin, int size, boolean asUser) {
        tlbMisses++;
        int last = lin + size - 1;
        if (((lin ^ last) & ~PAGE_MASK) != 0) {
            // Straddles two pages: both are translated before the value is assembled.
            int pa0 = translate(lin, READ, asUser);
            int pa1 = translate(last & ~PAGE_MASK, READ, asUser);
            if (watchStart.length != 0) {
                notifyWatch(lin, size, READ);
            }
            int value = 0;
            for (int k = 0; k < size; k++) {
                int a = lin + k;
                int pa = ((a ^ lin) & ~PAGE_MASK) == 0 ? pa0 + k : pa1 + (a & PAGE_MASK);
                value |= mem.read8(pa) << (8 * k);
            }
            return value;
        }
        int pa = translate(lin, READ, asUser);
        fill(tableBase(READ, asUser), lin, pa, lastGlobal);
        if (watchStart.length != 0) {
            notifyWatch(lin, size, READ);
        }
        switch (size) {
            case 1: return mem.read8(pa);
            case 2: return mem.read16(pa);
            default: return mem.read32(pa);
        }
    }

    private void writeSlow(int lin, int size, int value, boolean asUser) {
        tlbMisses++;
        int last = lin + size - 1;
        if (((lin ^ last) & ~PAGE_MASK) != 0) {
            // Straddles two pages: both must be writable before any byte changes.
            int pa0 = translate(lin, WRITE, asUser);
            int pa1 = translate(last & ~PAGE_MASK, WRITE, asUser);
            if (watchStart.length != 0) {
                notifyWatch(lin, size, WRITE);
            }
            for (int k = 0; k < size; k++) {
                int a = lin + k;
                int pa = ((a ^ lin) & ~PAGE_MASK) == 0 ? pa0 + k : pa1 + (a & PAGE_MASK);
                mem.write8(pa, value >>> (8 * k));
            }
            return;
        }
        int pa = translate(lin, WRITE, asUser);
        if (!mem.isCodeFrame(pa >>> PAGE_SHIFT)) {
            fill(tableBase(WRITE, asUser), lin, pa, lastGlobal);
        }
        if (watchStart.length != 0) {
            notifyWatch(lin, size, WRITE);
        }
        switch (size) {
            case 1: mem.write8(pa, value); break;
            case 2: mem.write16(pa, value); break;
            default: mem.write32(pa, value); break;
        }
    }

    private int fetchSlow(int lin) {
        int pa = translate(lin, FETCH, user);
        fill(fetchBase, lin, pa, lastGlobal);
        return mem.read8(pa);
    }

    /** Set by {@link #translate}: whether the page it returned is global (G with CR4.PGE). */
    private boolean lastGlobal;

    /**
     * Fills the TLB slot for {@code lin} in the table at {@code base} when the page is plain RAM.
     * Returns the RAM index of the page, or -1 if nothing was filled.
     */
    private int fill(int base, int lin, int pa, boolean global) {
        int pageIndex = mem.ramIndex(pa & ~PAGE_MASK);
        if (pageIndex < 0) {
            return -1;
        }
        if (watchStart.length != 0 && base < FETCH * 2 * TLB_SIZE && watchedPage(lin)) {
            return -1;   // data accesses to a watched page stay on the slow path, where they are seen
        }
        int slot = base + ((lin >>> PAGE_SHIFT) & TLB_MASK);
        if ((tlbFlags[slot] & ENTRY_LISTED) == 0) {
            filled[filledCount++] = slot;
        }
        tlbTag[slot] = lin & ~PAGE_MASK;
        tlbAddend[slot] = pageIndex - (lin & ~PAGE_MASK);
        tlbFlags[slot] = (byte) (ENTRY_LISTED | (global ? ENTRY_GLOBAL : 0));
        return pageIndex;
    }

    /**
     * The page walk: returns the physical address of {@code lin} for an access of {@code kind},
     * setting A on every level and D on the leaf for a write, or raises #PF and sets nothing.
     */
    public int translate(int lin, int kind, boolean asUser) {
        lastGlobal = false;
        if (!paging) {
            return lin & a20Mask;
        }
        pageWalks++;
        int pdeAddr = (cr3 & Pte.FRAME_MASK) | (Pte.pdx(lin) << 2);
        int pde = mem.read32(pdeAddr);
        if ((pde & Pte.P) == 0) {
            throw pageFault(lin, kind, asUser, 0);
        }
        if (pse && (pde & Pte.PS) != 0) {
            if ((pde & Pte.LARGE_RESERVED_MASK) != 0) {
                throw pageFault(lin, kind, asUser, PfErr.P | PfErr.RSVD);
            }
            if (!allowed(pde, kind, asUser)) {
                throw pageFault(lin, kind, asUser, PfErr.P);
            }
            int want = Pte.A | (kind == WRITE ? Pte.D : 0);
            if ((pde & want) != want) {
                mem.write32(pdeAddr, pde | want);
            }
            lastGlobal = pge && (pde & Pte.G) != 0;
            return ((pde & Pte.LARGE_FRAME_MASK) | (lin & ~Pte.LARGE_FRAME_MASK)) & a20Mask;
        }
        int pteAddr = (pde & Pte.FRAME_MASK) | (Pte.ptx(lin) << 2);
        int pte = mem.read32(pteAddr);
        if ((pte & Pte.P) == 0) {
            throw pageFault(lin, kind, asUser, 0);
        }
        // SDM 4.6: the rights of a 4 KiB page combine those of the PDE and the PTE.
        if (!allowed(pde & pte, kind, asUser)) {
            throw pageFault(lin, kind, asUser, PfErr.P);
        }
        // SDM 4.8: A on every level of a successful walk, D on the leaf only.
        if ((pde & Pte.A) == 0) {
            mem.write32(pdeAddr, pde | Pte.A);
        }
        int want = Pte.A | (kind == WRITE ? Pte.D : 0);
        if ((pte & want) != want) {
            mem.write32(pteAddr, pte | want);
        }
        lastGlobal = pge && (pte & Pte.G) != 0;
        return ((pte & Pte.FRAME_MASK) | (lin & PAGE_MASK)) & a20Mask;
    }

    private boolean allowed(int rights, int kind, boolean asUser) {
        boolean writable = (rights & Pte.RW) != 0;
        if (asUser) {
            return (rights & Pte.US) != 0 && (kind != WRITE || writable);
        }
        // Supervisor: reads always; writes to read-only pages only while CR0.WP is clear.
        return kind != WRITE || writable || !writeProtect;
    }

    private Fault pageFault(int lin, int kind, boolean asUser, int bits) {
        cr2 = lin;
        pageFaults++;
        int err = bits | (kind == WRITE ? PfErr.W : 0) | (asUser ? PfErr.U : 0);
        return fault.with(Fault.PF, err);
    }

    /**
     * A side-effect-free walk for the monitor and the debugger: the physical address of
     * {@code lin}, or -1 if it is not mapped. Sets no A/D bit and raises nothing.
     */
    public long debugTranslate(int lin) {
        if (!paging) {
            return (lin & a20Mask) & 0xFFFFFFFFL;
        }
        int pde = mem.read32((cr3 & Pte.FRAME_MASK) | (Pte.pdx(lin) << 2));
        if ((pde & Pte.P) == 0) {
            return -1;
        }
        if (pse && (pde & Pte.PS) != 0) {
            return (((pde & Pte.LARGE_FRAME_MASK) | (lin & ~Pte.LARGE_FRAME_MASK)) & a20Mask) & 0xFFFFFFFFL;
        }
        int pte = mem.read32((pde & Pte.FRAME_MASK) | (Pte.ptx(lin) << 2));
        if ((pte & Pte.P) == 0) {
            return -1;
        }
        return (((pte & Pte.FRAME_MASK) | (lin & PAGE_MASK)) & a20Mask) & 0xFFFFFFFFL;
    }

    /**
     * The combined rights of the mapping of {@code lin} (P, R/W and U/S of PDE and PTE ANDed, or
     * of the 4 MiB PDE), or 0 if it is not mapped; no side effects. With paging off, all rights.
     */
    public int debugRights(int lin) {
        int all = Pte.P | Pte.RW | Pte.US;
        if (!paging) {
            return all;
        }
        int pde = mem.read32((cr3 & Pte.FRAME_MASK) | (Pte.pdx(lin) << 2));
        if ((pde & Pte.P) == 0) {
            return 0;
        }
        if (pse && (pde & Pte.PS) != 0) {
            return pde & all;
        }
        int pte = mem.read32((pde & Pte.FRAME_MASK) | (Pte.ptx(lin) << 2));
        return (pte & Pte.P) == 0 ? 0 : pde & pte & all;
    }

    public boolean writeProtect() {
        return writeProtect;
    }

    // ---------------------------------------------------------------- watched ranges

    /**
     * Watches linear ranges for data accesses: pages holding them never enter the read and write
     * TLBs, so every load and store there takes the slow path and, once translated (a faulting
     * access is not reported), is told to {@code watcher}. Instruction fetches are not watched.
     * Empty arrays stop watching. Not on any hot path: only pages with a watch pay for it.
     */
    public void setWatches(int[] starts, int[] lengths, AccessWatcher watcher) {
        int n = starts.length;
        watchStart = starts.clone();
        watchEnd = new long[n];
        for (int i = 0; i < n; i++) {
            watchEnd[i] = (starts[i] & 0xFFFFFFFFL) + lengths[i];
        }
        this.watcher = n == 0 ? null : watcher;
        flushAll();
    }

    private boolean watchedPage(int lin) {
        long page = lin & 0xFFFFF000L;
        for (int i = 0; i < watchStart.length; i++) {
            long start = watchStart[i] & 0xFFFFFFFFL;
            if (start < page + PAGE_SIZE && watchEnd[i] > page) {
                return true;
            }
        }
        return false;
    }

    private void notifyWatch(int lin, int size, int kind) {
        long a = lin & 0xFFFFFFFFL;
        for (int i = 0; i < watchStart.length; i++) {
            if ((watchStart[i] & 0xFFFFFFFFL) < a + size && watchEnd[i] > a) {
                watcher.access(lin, size, kind);
                return;
            }
        }
    }

    // ---------------------------------------------------------------- flushes

    /** INVLPG: drops the entries for the page holding {@code lin} from every table. */
    public void invalidatePage(int lin) {
        int page = lin & ~PAGE_MASK;
        int slot = (lin >>> PAGE_SHIFT) & TLB_MASK;
        for (int t = 0; t < TABLES; t++) {
            int i = t * TLB_SIZE + slot;
            if (tlbTag[i] == page) {
                tlbTag[i] = INVALID;
            }
        }
    }

    public void flushAll() {
        for (int k = 0; k < filledCount; k++) {
            tlbTag[filled[k]] = INVALID;
            tlbFlags[filled[k]] = 0;
        }
        filledCount = 0;
    }

    private void flushNonGlobal() {
        int kept = 0;
        for (int k = 0; k < filledCount; k++) {
            int slot = filled[k];
            if (tlbTag[slot] != INVALID && (tlbFlags[slot] & ENTRY_GLOBAL) != 0) {
                filled[kept++] = slot;
            } else {
                tlbTag[slot] = INVALID;
                tlbFlags[slot] = 0;
            }
        }
        filledCount = kept;
    }

    /**
     * Drops every write entry that maps {@code frame}: called when the CPU starts caching
     * decoded code from it, so later writes take the slow path and invalidate that code.
     */
    public void flushWritesToFrame(int frame) {
        for (int i = 2 * TLB_SIZE; i < 4 * TLB_SIZE; i++) {
            int tag = tlbTag[i];
            if (tag != INVALID && ((tag + tlbAddend[i]) >>> PAGE_SHIFT) == frame) {
                tlbTag[i] = INVALID;
            }
        }
    }

    // ---------------------------------------------------------------- inspection

    /** One valid TLB entry, for the monitor's {@code info tlbcache}. */
    public record TlbEntry(String kind, boolean user, int linear, int physical, boolean global) { }

    /** The valid entries of every table, in table then slot order. */
    public java.util.List<TlbEntry> tlbEntries() {
        java.util.List<TlbEntry> out = new java.util.ArrayList<>();
        for (int t = 0; t < TABLES; t++) {
            for (int s = 0; s < TLB_SIZE; s++) {
                int i = t * TLB_SIZE + s;
                if (tlbTag[i] != INVALID) {
                    out.add(new TlbEntry(KIND_NAMES[t / 2], (t & 1) != 0, tlbTag[i],
                            tlbTag[i] + tlbAddend[i], (tlbFlags[i] & ENTRY_GLOBAL) != 0));
                }
            }
        }
        return out;
    }
}
