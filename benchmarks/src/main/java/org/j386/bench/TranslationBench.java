package org.j386.bench;

import java.util.concurrent.TimeUnit;

import org.j386.mmu.Mmu;
import org.j386.mmu.PhysicalMemory;
import org.j386.mmu.Pte;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The road from a linear to a physical address: a load and a store on a TLB hit, and a load
 * that misses and walks CR3 -> PDE -> PTE (4 KiB pages) or CR3 -> PDE (4 MiB pages).
 *
 * <p>The miss benchmarks touch {@link #PAGES} pages in turn, 4x the TLB's size, so every access
 * lands on a slot that holds another page: each one is a full walk plus a fill.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TranslationBench {
    private static final int RAM = 64 << 20;
    private static final int PD = 0x1000;
    private static final int TABLES = 0x2000;          // 16 page tables: 64 MiB of 4 KiB pages
    private static final int PAGES = 4 * Mmu.TLB_SIZE;
    private static final int LARGE_BASE = 0x80000000;  // 4 MiB pages mapped here

    private Mmu mmu;
    private int next;
    private int hitAddress;

    @Setup(Level.Trial)
    public void setUp() {
        PhysicalMemory mem = new PhysicalMemory(RAM);
        for (int t = 0; t < 16; t++) {
            int table = TABLES + t * 0x1000;
            mem.write32(PD + 4 * t, table | Pte.P | Pte.RW);
            for (int e = 0; e < 1024; e++) {
                int frame = (t * 1024 + e) << 12;
                mem.write32(table + 4 * e, frame | Pte.P | Pte.RW | Pte.A | Pte.D);
            }
        }
        for (int l = 0; l < 16; l++) {
            mem.write32(PD + 4 * (Pte.pdx(LARGE_BASE) + l), (l << 22) | Pte.P | Pte.RW | Pte.PS | Pte.A | Pte.D);
        }
        mmu = new Mmu(mem);
        mmu.setCr3(PD);
        mmu.setPaging(true, true);
        mmu.setExtensions(true, false);
        hitAddress = 0x00345678;
        mmu.write32(hitAddress, 1);
    }

    @Benchmark
    public int loadHit() {
        return mmu.read32(hitAddress);
    }

    @Benchmark
    public void storeHit() {
        mmu.write32(hitAddress, next++);
    }

    @Benchmark
    public int loadMissWalk4K() {
        int page = next++ & (PAGES - 1);
        return mmu.read32(0x00100000 + (page << 12) + 0x40);
    }

    @Benchmark
    public int loadMissWalk4M() {
        int page = next++ & (PAGES - 1);
        // Consecutive 4 KiB slices of the 4 MiB pages: same TLB slot pattern as the 4 KiB case.
        return mmu.read32(LARGE_BASE + (page << 12) + 0x40);
    }
}
