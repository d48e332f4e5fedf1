package org.j386.mmu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.j386.cpu.Fault;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The page walk, A/D bits, #PF error codes and the TLB, against SDM Vol. 3A ch. 4. */
class MmuTest {
    private static final int RAM = 8 << 20;
    private static final int PD = 0x10000;       // page directory
    private static final int PT = 0x11000;       // page table for linear 0x00400000-0x007FFFFF
    private static final int LIN = 0x00401000;   // linear page used by most tests
    private static final int FRAME = 0x200000;   // its frame
    private static final int FRAME2 = 0x300000;

    private PhysicalMemory mem;
    private Mmu mmu;

    @BeforeEach
    void setUp() {
        mem = new PhysicalMemory(RAM);
        mmu = new Mmu(mem);
        mem.write32(PD + 4 * 1, PT | Pte.P | Pte.RW | Pte.US);
        mem.write32(PT + 4 * 1, FRAME | Pte.P | Pte.RW | Pte.US);
        mmu.setCr3(PD);
        mmu.setPaging(true, false);
    }

    private int pde() {
        return mem.read32(PD + 4);
    }

    private int pte() {
        return mem.read32(PT + 4);
    }

    private Fault expectFault(Runnable access) {
        return assertThrows(Fault.class, access::run);
    }

    @Test
    void pagingOffIsIdentity() {
        mmu.setPaging(false, false);
        mmu.write32(0x1234, 0xCAFEBABE);
        assertEquals(0xCAFEBABE, mem.read32(0x1234));
        assertEquals(0xCAFEBABE, mmu.read32(0x1234));
    }

    @Test
    void readSetsAccessedOnBothLevelsButNotDirty() {
        mem.write32(FRAME + 0x10, 0x11223344);
        assertEquals(0x11223344, mmu.read32(LIN + 0x10));
        assertTrue((pde() & Pte.A) != 0);
        assertTrue((pte() & Pte.A) != 0);
        assertEquals(0, pte() & Pte.D);
        assertEquals(0, pde() & Pte.D, "D is set on the leaf only");
    }

    @Test
    void firstWriteAfterReadWalksAgainAndSetsDirty() {
        mmu.read8(LIN);
        assertEquals(0, pte() & Pte.D);
        mmu.write8(LIN, 0x5A);
        assertTrue((pte() & Pte.D) != 0);
        assertEquals(0x5A, mem.read8(FRAME));
    }

    @Test
    void notPresentPdeFaultsWithZeroErrorCodeAndSetsCr2() {
        Fault f = expectFault(() -> mmu.read32(0x00C00010));
        assertEquals(Fault.PF, f.vector());
        assertEquals(0, f.errorCode());
        assertEquals(0x00C00010, mmu.cr2());
    }

    @Test
    void notPresentPteFaultSetsNoAccessedBit() {
        mem.write32(PT + 4 * 2, 0);
        Fault f = expectFault(() -> mmu.write16(LIN + 0x1000, 1));
        assertEquals(PfErr.W, f.errorCode());
        assertEquals(0, pde() & Pte.A, "a 386 sets no A bit on a walk that faults (QEMU 7.2 does)");
    }

    @Test
    void userReadOfSupervisorPageIsProtectionFault() {
        mem.write32(PT + 4, FRAME | Pte.P | Pte.RW);
        mmu.setUser(true);
        Fault f = expectFault(() -> mmu.read8(LIN));
        assertEquals(PfErr.P | PfErr.U, f.errorCode());
        assertEquals(0, pte() & Pte.A);
    }

    @Test
    void userNeedsUsOnBothLevels() {
        mem.write32(PD + 4, PT | Pte.P | Pte.RW);
        mmu.setUser(true);
        assertEquals(PfErr.P | PfErr.U, expectFault(() -> mmu.read8(LIN)).errorCode());
    }

    @Test
    void userWriteToReadOnlyPage() {
        mem.write32(PT + 4, FRAME | Pte.P | Pte.US);
        mmu.setUser(true);
        assertEquals(0, mmu.read8(LIN));
        assertEquals(PfErr.P | PfErr.W | PfErr.U, expectFault(() -> mmu.write8(LIN, 1)).errorCode());
        assertEquals(0, pte() & Pte.D);
    }

    @Test
    void readOnlyPdeMakesThePageReadOnlyForUser() {
        mem.write32(PD + 4, PT | Pte.P | Pte.US);
        mmu.setUser(true);
        assertEquals(PfErr.P | PfErr.W | PfErr.U, expectFault(() -> mmu.write8(LIN, 1)).errorCode());
    }

    @Test
    void supervisorWriteToReadOnlyPageDependsOnWp() {
        mem.write32(PT + 4, FRAME | Pte.P);
        mmu.write8(LIN, 7);
        assertEquals(7, mem.read8(FRAME), "CR0.WP=0: supervisor writes ignore R/W");
        mmu.setPaging(true, true);
        assertEquals(PfErr.P | PfErr.W, expectFault(() -> mmu.write8(LIN, 8)).errorCode());
        assertEquals(7, mem.read8(FRAME));
    }

    @Test
    void systemAccessesAreSupervisorAtCpl3() {
        mem.write32(PT + 4, FRAME | Pte.P | Pte.RW);
        mem.write32(FRAME, 0x12345678);
        mmu.setUser(true);
        assertEquals(0x12345678, mmu.readSystem32(LIN));
        expectFault(() -> mmu.read32(LIN));
    }

    @Test
    void staleTlbEntryIsUsedUntilInvlpg() {
        mem.write32(FRAME, 1);
        mem.write32(FRAME2, 2);
        assertEquals(1, mmu.read32(LIN));
        mem.write32(PT + 4, FRAME2 | Pte.P | Pte.RW | Pte.US | Pte.A);
        assertEquals(1, mmu.read32(LIN), "the TLB is a cache the guest must manage");
        mmu.invalidatePage(LIN);
        assertEquals(2, mmu.read32(LIN));
    }

    @Test
    void cr3WriteFlushesNonGlobalEntries() {
        mem.write32(FRAME, 1);
        mem.write32(FRAME2, 2);
        mmu.read32(LIN);
        mem.write32(PT + 4, FRAME2 | Pte.P | Pte.RW);
        mmu.setCr3(PD);
        assertEquals(2, mmu.read32(LIN));
    }

    @Test
    void globalEntriesSurviveCr3WriteOnlyWithPge() {
        mem.write32(FRAME, 1);
        mem.write32(FRAME2, 2);
        mem.write32(PT + 4, FRAME | Pte.P | Pte.RW | Pte.G);
        mmu.setExtensions(false, true);
        assertEquals(1, mmu.read32(LIN));
        mem.write32(PT + 4, FRAME2 | Pte.P | Pte.RW | Pte.G);
        mmu.setCr3(PD);
        assertEquals(1, mmu.read32(LIN), "global entry kept across the CR3 write");
        mmu.setExtensions(false, false);
        assertEquals(2, mmu.read32(LIN), "clearing CR4.PGE flushes everything");
    }

    @Test
    void largePagesWithPse() {
        mem.write32(PD + 4 * 3, 0x00400000 | Pte.P | Pte.RW | Pte.PS);
        mem.write32(0x00400000 + 0x12344, 0xABCD);
        mmu.setExtensions(true, false);
        assertEquals(0xABCD, mmu.read32(0x00C12344));
        mmu.write32(0x00C12344, 1);
        assertEquals(Pte.A | Pte.D, mem.read32(PD + 12) & (Pte.A | Pte.D));
    }

    @Test
    void largePageReservedBitsFaultWithRsvd() {
        mem.write32(PD + 4 * 3, 0x00400000 | 0x2000 | Pte.P | Pte.RW | Pte.PS);
        mmu.setExtensions(true, false);
        Fault f = expectFault(() -> mmu.read8(0x00C00000));
        assertEquals(PfErr.P | PfErr.RSVD, f.errorCode());
    }

    @Test
    void psBitIgnoredWithoutPse() {
        // Without CR4.PSE the PDE points at a page table even if bit 7 is set.
        mem.write32(PD + 4, PT | Pte.P | Pte.RW | Pte.US | Pte.PS);
        mem.write32(FRAME, 99);
        assertEquals(99, mmu.read32(LIN));
    }

    @Test
    void straddlingWriteChecksBothPagesBeforeWriting() {
        mem.write32(PT + 4 * 2, FRAME2 | Pte.P | Pte.US);   // next page read-only
        mmu.setUser(true);
        mem.write32(FRAME + 0xFFC, 0);
        Fault f = expectFault(() -> mmu.write32(LIN + 0xFFE, 0xFFFFFFFF));
        assertEquals(PfErr.P | PfErr.W | PfErr.U, f.errorCode());
        assertEquals(LIN + 0x1000, mmu.cr2());
        assertEquals(0, mem.read32(FRAME + 0xFFC), "no byte written");
    }

    @Test
    void straddlingReadAssemblesBothPages() {
        mem.write32(PT + 4 * 2, FRAME2 | Pte.P | Pte.RW);
        mem.write16(FRAME + 0xFFE, 0x2211);
        mem.write16(FRAME2, 0x4433);
        assertEquals(0x44332211, mmu.read32(LIN + 0xFFE));
    }

    @Test
    void writesToCodeFramesAlwaysReachTheListener() {
        int[] seen = {0};
        mem.setCodeWriteListener(frame -> seen[0]++);
        mem.markCodeFrame(FRAME >>> 12);
        mmu.write8(LIN, 1);
        mmu.write8(LIN + 1, 2);
        assertEquals(2, seen[0], "no write TLB entry for a frame with cached code");
    }

    @Test
    void markingCodeDropsExistingWriteEntries() {
        int[] seen = {0};
        mem.setCodeWriteListener(frame -> seen[0]++);
        mmu.write8(LIN, 1);
        mem.markCodeFrame(FRAME >>> 12);
        mmu.flushWritesToFrame(FRAME >>> 12);
        mmu.write8(LIN, 2);
        assertEquals(1, seen[0]);
    }

    @Test
    void debugTranslateHasNoSideEffects() {
        assertEquals(FRAME + 0x123, mmu.debugTranslate(LIN + 0x123));
        assertEquals(0, pte() & Pte.A);
        assertEquals(-1, mmu.debugTranslate(0x00C00000));
    }

    @Test
    void legacyHoleAndUnbackedAddressesReadAllOnes() {
        mmu.setPaging(false, false);
        assertEquals(0xFF, mmu.read8(0xA0000));
        assertEquals(0xFFFFFFFF, mmu.read32(RAM + 0x100));
        mmu.write32(RAM + 0x100, 0);
        assertEquals(0xFFFFFFFF, mmu.read32(RAM + 0x100));
    }

    @Test
    void closedA20GateWrapsAtOneMegabyte() {
        mmu.setPaging(false, false);
        mem.write32(0x000010, 0x11111111);
        mem.write32(0x100010, 0x22222222);
        assertEquals(0x22222222, mmu.read32(0x100010));
        mmu.setA20(false);
        assertEquals(0x11111111, mmu.read32(0x100010), "bit 20 masked: the 8086 wrap-around");
        mmu.setA20(true);
        assertEquals(0x22222222, mmu.read32(0x100010));
    }

    @Test
    void invlpgAndRefillForeverNeverOverflowsTheFillList() {
        // Each INVLPG empties a slot without a full flush; the refill must not list it again.
        for (int round = 0; round < 10 * 6 * Mmu.TLB_SIZE; round++) {
            mmu.read8(LIN);
            mmu.write8(LIN, round);
            mmu.invalidatePage(LIN);
        }
        mmu.flushWritesToFrame(FRAME >>> 12);
        mmu.setCr3(PD);
        assertEquals(0, mmu.tlbEntries().size());
    }

    @Test
    void watchedRangesSeeEveryDataAccessButNotOthers() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        mmu.read32(LIN + 0x10);                                   // a TLB entry that must go
        mmu.setWatches(new int[] {LIN + 0x10}, new int[] {4},
                (lin, size, kind) -> seen.add(Integer.toHexString(lin) + "/" + size + "/" + kind));
        mmu.read32(LIN + 0x10);
        mmu.read32(LIN + 0x10);
        mmu.write8(LIN + 0x13, 1);
        mmu.write16(LIN + 0x0F, 1);                               // overlaps the first byte
        mmu.read32(LIN + 0x14);                                   // same page, outside the range
        mmu.fetch8(LIN + 0x10);                                   // fetches are not watched
        assertEquals(java.util.List.of("401010/4/0", "401010/4/0", "401013/1/1", "40100f/2/1"), seen);
        mmu.setWatches(new int[0], new int[0], null);
        mmu.read32(LIN + 0x10);
        assertEquals(4, seen.size());
    }

    @Test
    void faultingAccessToAWatchedRangeIsNotReported() {
        int[] hits = {0};
        mem.write32(PT + 4 * 2, 0);
        mmu.setWatches(new int[] {LIN + 0x1000}, new int[] {4}, (lin, size, kind) -> hits[0]++);
        expectFault(() -> mmu.read32(LIN + 0x1000));
        assertEquals(0, hits[0]);
    }

    @Test
    void tlbCountsHitsAndMisses() {
        mmu.read8(LIN);
        long misses = mmu.tlbMisses;
        mmu.read8(LIN + 1);
        assertEquals(misses, mmu.tlbMisses);
        assertTrue(mmu.tlbHits >= 1);
        assertFalse(mmu.tlbEntries().isEmpty());
    }
}
