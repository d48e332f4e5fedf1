package org.j386.cpu;

import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;

/**
 * Decoded instructions cached per physical page (STYLE.md 3): a {@link Page} per RAM frame holds
 * one {@link Insn} slot per byte offset. A frame holding cached code is marked in
 * {@link PhysicalMemory} and its write TLB entries are dropped, so every write to it reaches
 * {@link #codeFrameWritten}, which bumps the page generation: every cached instruction of the
 * page is then stale and is decoded again on its next execution. That is how self-modifying code,
 * including a store into the next instruction, takes effect. A page written many times without
 * executing is unmarked, so data pages that once held code get the fast write path back.
 *
 * <p>Instructions that straddle a page end are decoded every time and never cached (their
 * second page is not watched); so is code outside plain RAM.
 */
final class CodeCache implements PhysicalMemory.CodeWriteListener {
    static final int PAGE_SIZE = PhysicalMemory.PAGE_SIZE;
    static final int PAGE_MASK = PhysicalMemory.PAGE_MASK;
    /** Writes to a page without a decode in between before its frame is unmarked. */
    private static final int WRITES_BEFORE_UNMARK = 64;
    /** Page generations step by 2: bit 0 of an instruction's stamp is its code size. */
    private static final int GEN_STEP = 2;

    /** What {@link Insn#gen} of a valid instruction of {@code p} decoded for {@code code32} equals. */
    static int stamp(Page p, boolean code32) {
        return p.gen | (code32 ? 1 : 0);
    }

    /** The cached instructions of one frame. */
    static final class Page {
        final Insn[] slots = new Insn[PAGE_SIZE];
        final int frame;
        /**
         * Advanced by 2 on every write to the frame; starts at 2 so a fresh {@link Insn} (gen 0) is
         * stale. A cached instruction holds {@code gen | 1} when decoded as 32-bit code, {@code gen}
         * as 16-bit, so one compare checks both (see {@link #stamp}).
         */
        int gen = GEN_STEP;
        int writes;
        boolean marked;

        Page(int frame) {
            this.frame = frame;
        }
    }

    private final Mmu mmu;
    private final PhysicalMemory mem;
    private final Page[] pages;
    private final Decoder decoder;
    private final Insn scratch = new Insn();

    /** Statistics for the benchmarks and the monitor. */
    long decodes;
    long invalidations;

    CodeCache(Cpu cpu, Mmu mmu) {
        this.mmu = mmu;
        this.mem = mmu.memory();
        this.pages = new Page[mem.ramSize() >>> PhysicalMemory.PAGE_SHIFT];
        this.decoder = new Decoder(cpu, mmu);
        mem.setCodeWriteListener(this);
    }

    /** The page of RAM index {@code index} (a physical address inside RAM). */
    Page page(int index) {
        int frame = index >>> PhysicalMemory.PAGE_SHIFT;
        Page p = pages[frame];
        if (p == null) {
            p = new Page(frame);
            pages[frame] = p;
        }
        return p;
    }

    /** Decodes the instruction at page offset {@code off} (linear {@code lin}) into its slot. */
    Insn decode(Page p, int off, int lin, boolean code32) {
        decodes++;
        if (!p.marked) {
            mem.markCodeFrame(p.frame);
            mmu.flushWritesToFrame(p.frame);
            p.marked = true;
        }
        p.writes = 0;
        Insn in = p.slots[off];
        if (in == null) {
            in = new Insn();
            p.slots[off] = in;
        }
        in.gen = 0;
        in.first = null;
        int index = (p.frame << PhysicalMemory.PAGE_SHIFT) | off;
        boolean whole = decoder.decode(in, lin, index, code32);
        if (whole && code32) {
            Fusion.tryFuse(in, mmu.ram, index + in.len, (index | PAGE_MASK) + 1);
        }
        in.gen = whole ? stamp(p, code32) : 0;
        return in;
    }

    /** Decodes through the MMU byte by byte, for code outside plain RAM. */
    Insn decodeUncached(int lin, boolean code32) {
        decodes++;
        decoder.decode(scratch, lin, -1, code32);
        scratch.gen = 0;
        return scratch;
    }

    @Override
    public void codeFrameWritten(int frame) {
        invalidations++;
        Page p = frame < pages.length ? pages[frame] : null;
        if (p == null) {
            mem.clearCodeFrame(frame);
            return;
        }
        p.gen += GEN_STEP;
        if (++p.writes > WRITES_BEFORE_UNMARK) {
            mem.clearCodeFrame(frame);
            p.marked = false;
        }
    }

    /** Drops every cached instruction (for the tests that run with the cache off). */
    void invalidateAll() {
        for (Page p : pages) {
            if (p != null) {
                p.gen += GEN_STEP;
            }
        }
    }
}
