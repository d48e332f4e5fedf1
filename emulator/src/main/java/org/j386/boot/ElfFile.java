package org.j386.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ELF32 little-endian i386 executable, as far as loading it needs: the entry point and the
 * program headers (System V ABI, "ELF Header" and "Program Header"). Sections and symbols are not
 * read; QEMU's Multiboot path does not use them either.
 *
 * <pre>
 * ELF header                       program header (e_phentsize bytes each, at e_phoff)
 *   +0  e_ident[16]  7F 'E' 'L' 'F' class data version ...   +0  p_type    +4  p_offset
 *   +16 e_type  +18 e_machine  +20 e_version                 +8  p_vaddr   +12 p_paddr
 *   +24 e_entry +28 e_phoff    +32 e_shoff  +36 e_flags      +16 p_filesz  +20 p_memsz
 *   +40 e_ehsize +42 e_phentsize +44 e_phnum ...             +24 p_flags   +28 p_align
 * </pre>
 */
public final class ElfFile {
    public static final int EI_MAG0 = 0;
    public static final int EI_CLASS = 4;
    public static final int EI_DATA = 5;
    public static final int ELFCLASS32 = 1;
    public static final int ELFCLASS64 = 2;
    public static final int ELFDATA2LSB = 1;
    public static final int EM_386 = 3;
    public static final int EM_X86_64 = 62;
    public static final int PT_LOAD = 1;
    public static final int PF_X = 1 << 0;
    public static final int PF_W = 1 << 1;
    public static final int PF_R = 1 << 2;

    private static final int E_MACHINE = 18;
    private static final int E_ENTRY = 24;
    private static final int E_PHOFF = 28;
    private static final int E_PHENTSIZE = 42;
    private static final int E_PHNUM = 44;
    private static final int EHDR_SIZE = 52;
    private static final int PHDR_SIZE = 32;

    /** One program header; addresses and sizes are unsigned 32-bit values held in ints. */
    public record ProgramHeader(int type, int offset, int vaddr, int paddr, int filesz, int memsz, int flags) {
        public boolean isLoad() {
            return type == PT_LOAD;
        }
    }

    private final int entry;
    private final List<ProgramHeader> programHeaders;

    private ElfFile(int entry, List<ProgramHeader> programHeaders) {
        this.entry = entry;
        this.programHeaders = programHeaders;
    }

    /** True if {@code image} starts with the ELF magic, whatever its class or machine. */
    public static boolean hasElfMagic(byte[] image) {
        return image.length >= 4 && image[0] == 0x7F && image[1] == 'E' && image[2] == 'L' && image[3] == 'F';
    }

    /**
     * Parses the headers of {@code image}. {@code name} only labels error messages.
     *
     * @throws BootImageException if it is not an ELF32 little-endian i386 file or its program
     *         headers or segment data lie outside the file
     */
    public static ElfFile parse(String name, byte[] image) throws BootImageException {
        if (!hasElfMagic(image)) {
            throw new BootImageException(name + ": not an ELF file");
        }
        if (image.length < EHDR_SIZE) {
            throw new BootImageException(name + ": truncated ELF header");
        }
        ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
        int machine = b.getShort(E_MACHINE) & 0xFFFF;
        if (image[EI_CLASS] == ELFCLASS64 || machine == EM_X86_64) {
            throw new BootImageException(name + ": a 64-bit ELF file; j386 boots 32-bit i386 kernels only");
        }
        if (image[EI_CLASS] != ELFCLASS32 || image[EI_DATA] != ELFDATA2LSB || machine != EM_386) {
            throw new BootImageException(name + ": not an ELF32 little-endian i386 file");
        }
        long phoff = b.getInt(E_PHOFF) & 0xFFFFFFFFL;
        int phentsize = b.getShort(E_PHENTSIZE) & 0xFFFF;
        int phnum = b.getShort(E_PHNUM) & 0xFFFF;
        if (phnum > 0 && phentsize < PHDR_SIZE) {
            throw new BootImageException(name + ": ELF program header entries of " + phentsize + " bytes");
        }
        if (phoff + (long) phnum * phentsize > image.length) {
            throw new BootImageException(name + ": ELF program headers lie past the end of the file");
        }
        List<ProgramHeader> headers = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            int p = (int) (phoff + (long) i * phentsize);
            ProgramHeader ph = new ProgramHeader(b.getInt(p), b.getInt(p + 4), b.getInt(p + 8), b.getInt(p + 12),
                    b.getInt(p + 16), b.getInt(p + 20), b.getInt(p + 24));
            if (ph.isLoad() && ph.filesz() != 0
                    && Integer.toUnsignedLong(ph.offset()) + Integer.toUnsignedLong(ph.filesz()) > image.length) {
                throw new BootImageException(String.format(
                        "%s: ELF segment %d (file offset %#x, %#x bytes) lies past the end of the file",
                        name, i, ph.offset(), ph.filesz()));
            }
            headers.add(ph);
        }
        return new ElfFile(b.getInt(E_ENTRY), List.copyOf(headers));
    }

    /** e_entry as written in the file (a virtual address). */
    public int entry() {
        return entry;
    }

    public List<ProgramHeader> programHeaders() {
        return programHeaders;
    }
}
