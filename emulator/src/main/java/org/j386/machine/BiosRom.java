package org.j386.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import org.j386.boot.BootImageException;
import org.j386.mmu.MmioDevice;
import org.j386.mmu.PhysicalMemory;

/**
 * A {@code -bios} image, mapped as QEMU's pc_system_firmware_init maps it (hw/i386/x86.c,
 * x86_bios_rom_init): whole at the top of the 4 GiB space, ending at 0xFFFFFFFF, where the
 * processor's first fetch (CS base 0xFFFF0000 + EIP 0xFFF0) lands; and its last 128 KiB (or all of
 * it if smaller) again just below 1 MiB, where real-mode code reaches it after the first far jump.
 * Both are read-only: writes are dropped (QEMU's isapc maps the image as RAM instead; a real ROM
 * ignores them). The size must be a positive multiple of 64 KiB, as QEMU requires.
 */
final class BiosRom {
    static final int SIZE_ALIGN = 64 << 10;
    static final int MAX_SIZE = 16 << 20;
    /** How much of the image also appears below 1 MiB. */
    static final int ISA_WINDOW = 128 << 10;

    private final byte[] image;

    private BiosRom(byte[] image) {
        this.image = image;
    }

    static BiosRom load(String path) throws BootImageException {
        byte[] data;
        try {
            Path p = Path.of(path);
            if (Files.isDirectory(p)) {
                throw new BootImageException("-bios " + path + ": is a directory");
            }
            data = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            throw new BootImageException("-bios " + path + ": no such file");
        } catch (IOException | SecurityException e) {
            throw new BootImageException("-bios " + path + ": cannot read: " + e.getMessage());
        }
        if (data.length == 0 || data.length % SIZE_ALIGN != 0 || data.length > MAX_SIZE) {
            throw new BootImageException("-bios " + path + ": could not load PC BIOS: the size (" + data.length
                    + " bytes) must be a multiple of 64 KiB, at most " + (MAX_SIZE >> 20) + " MiB");
        }
        return new BiosRom(data);
    }

    int size() {
        return image.length;
    }

    /** Maps both windows into {@code memory}; dropped writes go to {@code log}. */
    void map(PhysicalMemory memory, GuestLog log) {
        int top = (int) (0x1_0000_0000L - image.length);
        // A region's end is an int, so the top window stops one byte short of 2^32: the last byte
        // of the image (past the reset vector's far jump) reads as open bus.
        memory.mapMmio(top, image.length - 1, new Window(top, 0, log));
        int isa = Math.min(image.length, ISA_WINDOW);
        int below = PhysicalMemory.LEGACY_HOLE_END - isa;
        memory.mapMmio(below, isa, new Window(below, image.length - isa, log));
    }

    /** The image seen from physical address {@code start}, beginning at byte {@code offset} of it. */
    private final class Window implements MmioDevice {
        private final int start;
        private final int offset;
        private final GuestLog log;

        Window(int start, int offset, GuestLog log) {
            this.start = start;
            this.offset = offset;
            this.log = log;
        }

        @Override
        public int mmioRead(int pa, int size) {
            int i = pa - start + offset;
            int v = 0;
            for (int k = 0; k < size; k++) {
                int at = i + k;
                v |= (at < image.length ? image[at] & 0xFF : 0xFF) << (8 * k);
            }
            return v;
        }

        @Override
        public void mmioWrite(int pa, int size, int value) {
            log.unassignedWrite("ROM at", pa & 0xFFFFFFFFL, size, value);
        }
    }
}
