package org.j386.mmu;

/** A device decoded in the physical address space (a ROM, a frame buffer, a memory-mapped register block). */
public interface MmioDevice {
    /** Reads {@code size} bytes (1, 2 or 4) at physical address {@code pa}; zero-extended. */
    int mmioRead(int pa, int size);

    /** Writes the low {@code size} bytes of {@code value} at {@code pa}. */
    void mmioWrite(int pa, int size, int value);
}
