package org.j386.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Hand-built kernel images for the loader tests: ELF32 files and flat a.out-kludge binaries. */
final class TestImages {
    private TestImages() {
    }

    /** A PT_LOAD (or other) segment: its file bytes and where it goes. */
    record Segment(int type, int vaddr, int paddr, byte[] data, int memsz, int flags) {
        static Segment load(int vaddr, int paddr, byte[] data, int memsz, int flags) {
            return new Segment(ElfFile.PT_LOAD, vaddr, paddr, data, memsz, flags);
        }
    }

    static final int RX = ElfFile.PF_R | ElfFile.PF_X;
    static final int RW = ElfFile.PF_R | ElfFile.PF_W;

    /** A Multiboot header with flags 0x3 (page-align, memory info), as the minikernel uses. */
    static byte[] multibootHeader(int flags) {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Multiboot.HEADER_MAGIC).putInt(flags).putInt(-(Multiboot.HEADER_MAGIC + flags));
        return b.array();
    }

    /** Header with the a.out-kludge address fields. */
    static byte[] multibootHeader(int flags, int headerAddr, int loadAddr, int loadEnd, int bssEnd, int entry) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(Multiboot.HEADER_MAGIC).putInt(flags).putInt(-(Multiboot.HEADER_MAGIC + flags));
        b.putInt(headerAddr).putInt(loadAddr).putInt(loadEnd).putInt(bssEnd).putInt(entry);
        return b.array();
    }

    /**
     * An ELF32 i386 executable: header, program headers, then each segment's data at a
     * 4 KiB-aligned file offset (the first one at 0x1000). The entry point is {@code entry}.
     */
    static byte[] elf(int entry, List<Segment> segments) {
        int phoff = 52;
        List<Integer> offsets = new ArrayList<>();
        int off = 0x1000;
        for (Segment s : segments) {
            offsets.add(off);
            off += (s.data().length + 0xFFF) & ~0xFFF;
        }
        ByteBuffer b = ByteBuffer.allocate(Math.max(off, 0x1000)).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', ElfFile.ELFCLASS32, ElfFile.ELFDATA2LSB, 1, 0});
        b.position(16);
        b.putShort((short) 2).putShort((short) ElfFile.EM_386).putInt(1).putInt(entry).putInt(phoff).putInt(0)
                .putInt(0).putShort((short) 52).putShort((short) 32).putShort((short) segments.size())
                .putShort((short) 40).putShort((short) 0).putShort((short) 0);
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            b.position(phoff + 32 * i);
            b.putInt(s.type()).putInt(offsets.get(i)).putInt(s.vaddr()).putInt(s.paddr())
                    .putInt(s.data().length).putInt(s.memsz()).putInt(s.flags()).putInt(0x1000);
            b.put(offsets.get(i), s.data());
        }
        return b.array();
    }

    /** {@code n} bytes counting up from {@code first}, so misplaced bytes show. */
    static byte[] pattern(int n, int first) {
        byte[] d = new byte[n];
        for (int i = 0; i < n; i++) {
            d[i] = (byte) (first + i);
        }
        return d;
    }

    /** Text that starts with a Multiboot header (flags 0x3), then {@code n} pattern bytes. */
    static byte[] textWithHeader(int n) {
        byte[] h = multibootHeader(0x3);
        byte[] t = new byte[h.length + n];
        System.arraycopy(h, 0, t, 0, h.length);
        System.arraycopy(pattern(n, 0x40), 0, t, h.length, n);
        return t;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
