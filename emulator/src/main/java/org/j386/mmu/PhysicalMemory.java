package org.j386.mmu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical address space of a PC: RAM from 0 up to its size as one {@code byte[]}, the legacy
 * hole at 640 KiB - 1 MiB (VGA window, option and BIOS ROMs) and any MMIO regions dispatched to
 * devices. Reads of addresses nothing decodes return all ones, writes to them are dropped
 * (an open ISA bus).
 *
 * <p>Wider accesses go through little-endian {@link VarHandle}s, never assembled from bytes.
 * The MMU's TLB points straight into {@link #ram}; this class is the slow path for everything
 * that is not plain RAM.
 */
public final class PhysicalMemory {
    public static final VarHandle LE16 =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    public static final VarHandle LE32 =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    public static final int PAGE_SHIFT = 12;
    public static final int PAGE_SIZE = 1 << PAGE_SHIFT;
    public static final int PAGE_MASK = PAGE_SIZE - 1;

    /** Start and end (exclusive) of the legacy hole: VGA memory at 0xA0000, ROMs up to 1 MiB. */
    public static final int LEGACY_HOLE_START = 0xA0000;
    public static final int LEGACY_HOLE_END = 0x100000;

    /** Per-frame flag: the frame holds instructions the CPU has decoded and cached. */
    public static final byte FRAME_CODE = 1;

    /** Guest RAM. Index = physical address for every address {@link #ramIndex} accepts. */
    public final byte[] ram;
    private final int ramSize;
    private final byte[] frameFlags;
    private final List<Region> regions = new ArrayList<>();
    private CodeWriteListener codeWriteListener;

    private record Region(int start, int end, MmioDevice device) { }

    /** Told when a write reaches a frame marked {@link #FRAME_CODE}, before the bytes change. */
    public interface CodeWriteListener {
        void codeFrameWritten(int frame);
    }

    public PhysicalMemory(int ramSize) {
        if (ramSize <= 0 || (ramSize & PAGE_MASK) != 0) {
            throw new IllegalArgumentException("RAM size must be a positive multiple of 4 KiB: " + ramSize);
        }
        this.ram = new byte[ramSize];
        this.ramSize = ramSize;
        this.frameFlags = new byte[ramSize >>> PAGE_SHIFT];
    }

    public int ramSize() {
        return ramSize;
    }

    /** Maps {@code device} at physical {@code [start, start + size)}; it shadows RAM there. */
    public void mapMmio(int start, int size, MmioDevice device) {
        regions.add(new Region(start, start + size, device));
    }

    public void setCodeWriteListener(CodeWriteListener listener) {
        this.codeWriteListener = listener;
    }

    /**
     * The index into {@link #ram} of page-aligned physical address {@code pa} if the whole page is
     * plain RAM (no hole, no MMIO), else -1. The TLB fills only such pages.
     */
    public int ramIndex(int pa) {
        if (Integer.compareUnsigned(pa, ramSize) >= 0) {
            return -1;
        }
        if (pa >= LEGACY_HOLE_START && pa < LEGACY_HOLE_END) {
            return -1;
        }
        for (Region r : regions) {
            if (Integer.compareUnsigned(pa + PAGE_MASK, r.start) >= 0 && Integer.compareUnsigned(pa, r.end) < 0) {
                return -1;
            }
        }
        return pa;
    }

    public boolean isCodeFrame(int frame) {
        return frame < frameFlags.length && (frameFlags[frame] & FRAME_CODE) != 0;
    }

    public void markCodeFrame(int frame) {
        frameFlags[frame] |= FRAME_CODE;
    }

    public void clearCodeFrame(int frame) {
        frameFlags[frame] &= (byte) ~FRAME_CODE;
    }

    private MmioDevice deviceAt(int pa) {
        for (Region r : regions) {
            if (Integer.compareUnsigned(pa, r.start) >= 0 && Integer.compareUnsigned(pa, r.end) < 0) {
                return r.device;
            }
        }
        return null;
    }

    private boolean isPlainRam(int pa) {
        return Integer.compareUnsigned(pa, ramSize) < 0 && (pa < LEGACY_HOLE_START || pa >= LEGACY_HOLE_END);
    }

    // ---- byte-granular slow path (also used for accesses that straddle regions) ----

    public int read8(int pa) {
        MmioDevice d = regions.isEmpty() ? null : deviceAt(pa);
        if (d != null) {
            return d.mmioRead(pa, 1) & 0xFF;
        }
        return isPlainRam(pa) ? ram[pa] & 0xFF : 0xFF;
    }

    public void write8(int pa, int value) {
        MmioDevice d = regions.isEmpty() ? null : deviceAt(pa);
        if (d != null) {
            d.mmioWrite(pa, 1, value & 0xFF);
        } else if (isPlainRam(pa)) {
            noteWrite(pa);
            ram[pa] = (byte) value;
        }
    }

    public int read16(int pa) {
        if ((pa & PAGE_MASK) <= PAGE_SIZE - 2 && ramIndex(pa & ~PAGE_MASK) >= 0) {
            return (short) LE16.get(ram, pa) & 0xFFFF;
        }
        MmioDevice d = regions.isEmpty() ? null : deviceAt(pa);
        if (d != null && d == deviceAt(pa + 1)) {
            return d.mmioRead(pa, 2) & 0xFFFF;
        }
        return read8(pa) | read8(pa + 1) << 8;
    }

    public int read32(int pa) {
        if ((pa & PAGE_MASK) <= PAGE_SIZE - 4 && ramIndex(pa & ~PAGE_MASK) >= 0) {
            return (int) LE32.get(ram, pa);
        }
        MmioDevice d = regions.isEmpty() ? null : deviceAt(pa);
        if (d != null && d == deviceAt(pa + 3)) {
            return d.mmioRead(pa, 4);
        }
        return read16(pa) | read16(pa + 2) << 16;
    }

    public void write16(int pa, int value) {
        if ((pa & PAGE_MASK) <= PAGE_SIZE - 2 && ramIndex(pa & ~PAGE_MASK) >= 0) {
            noteWrite(pa);
            LE16.set(ram, pa, (short) value);
            return;
        }
        MmioDevice d = regions.isEmpty() ? null : deviceAt(pa);
        if (d != null && d == deviceAt(pa + 1)) {
            d.mmioWrite(pa, 2, value & 0xFFFF);
            return;
        }
        write8(pa, value);
        write8(pa + 1, value >>> 8);
    }

    public void write32(int pa, int value) {
        if ((pa & PAGE_MASK) <= PAGE_SIZE - 4 && ramIndex(pa & ~PAGE_MASK) >= 0) {
            noteWrite(pa);
            LE32.set(ram, pa, value);
            return;
        }
        MmioDevice d = regions.isEmpty() ? null : deviceAt(pa);
        if (d != null && d == deviceAt(pa + 3)) {
            d.mmioWrite(pa, 4, value);
            return;
        }
        write16(pa, value);
        write16(pa + 2, value >>> 16);
    }

    /** Called before every slow-path RAM write: tells the CPU when cached code is about to change. */
    private void noteWrite(int pa) {
        int frame = pa >>> PAGE_SHIFT;
        if ((frameFlags[frame] & FRAME_CODE) != 0 && codeWriteListener != null) {
            codeWriteListener.codeFrameWritten(frame);
        }
    }

    /** Copies {@code data} into physical memory at {@code pa} (a loader's write; devices see it too). */
    public void load(int pa, byte[] data, int offset, int length) {
        if (isPlainRam(pa) && isPlainRam(pa + length - 1) && regions.isEmpty()
                && (pa >= LEGACY_HOLE_END || pa + length <= LEGACY_HOLE_START)) {
            System.arraycopy(data, offset, ram, pa, length);
            for (int f = pa >>> PAGE_SHIFT; f <= (pa + length - 1) >>> PAGE_SHIFT; f++) {
                if ((frameFlags[f] & FRAME_CODE) != 0 && codeWriteListener != null) {
                    codeWriteListener.codeFrameWritten(f);
                }
            }
            return;
        }
        for (int i = 0; i < length; i++) {
            write8(pa + i, data[offset + i]);
        }
    }
}
