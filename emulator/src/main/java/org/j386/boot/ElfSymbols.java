package org.j386.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The function symbols of a kernel ELF file (its SHT_SYMTAB section, ELF spec "Symbol Table"), for
 * naming code addresses in logs as QEMU 7.2 does ({@code include/hw/elf_ops.h}, {@code load_symbols};
 * {@code disas.c}, {@code lookup_symbol}): only STT_FUNC symbols defined in a section are kept, and an
 * address is named by the symbol whose [value, value + size) holds it. QEMU reads them when it loads
 * a Multiboot kernel as ELF, not when the header's address fields (the a.out kludge) place it.
 * A file without a readable symbol table simply has no symbols.
 */
public final class ElfSymbols {
    /** No symbols: every address is unnamed. */
    public static final ElfSymbols NONE = new ElfSymbols(List.of());

    private static final int E_SHOFF = 32;
    private static final int E_SHENTSIZE = 46;
    private static final int E_SHNUM = 48;
    private static final int SHDR_SIZE = 40;
    private static final int SH_TYPE = 4;
    private static final int SH_OFFSET = 16;
    private static final int SH_SIZE = 20;
    private static final int SH_LINK = 24;
    private static final int SHT_SYMTAB = 2;
    private static final int SYM_SIZE = 16;
    private static final int ST_VALUE = 4;
    private static final int ST_SIZE = 8;
    private static final int ST_INFO = 12;
    private static final int ST_SHNDX = 14;
    private static final int STT_FUNC = 2;
    private static final int STT_MASK = 0xF;
    private static final int SHN_UNDEF = 0;
    private static final int SHN_LORESERVE = 0xFF00;

    /** One function: [value, value + size) is its code. */
    private record Symbol(long value, long size, String name) { }

    private final List<Symbol> sorted;

    private ElfSymbols(List<Symbol> sorted) {
        this.sorted = sorted;
    }

    /** The symbols QEMU would read from Multiboot kernel {@code file}: none for an a.out-kludge image. */
    public static ElfSymbols ofMultibootKernel(byte[] file) {
        MultibootHeader h = MultibootHeader.find(file);
        if (h == null || h.hasAddressFields() || !ElfFile.hasElfMagic(file)) {
            return NONE;
        }
        try {
            return read(file);
        } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
            return NONE;
        }
    }

    private static ElfSymbols read(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int shoff = b.getInt(E_SHOFF);
        int shentsize = b.getShort(E_SHENTSIZE) & 0xFFFF;
        int shnum = b.getShort(E_SHNUM) & 0xFFFF;
        if (shoff == 0 || shentsize < SHDR_SIZE) {
            return NONE;
        }
        List<Symbol> out = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            int sh = shoff + i * shentsize;
            if (b.getInt(sh + SH_TYPE) != SHT_SYMTAB) {
                continue;
            }
            int strtab = shoff + b.getInt(sh + SH_LINK) * shentsize;
            int strOffset = b.getInt(strtab + SH_OFFSET);
            int strSize = b.getInt(strtab + SH_SIZE);
            int off = b.getInt(sh + SH_OFFSET);
            int count = b.getInt(sh + SH_SIZE) / SYM_SIZE;
            for (int k = 0; k < count; k++) {
                int s = off + k * SYM_SIZE;
                int shndx = b.getShort(s + ST_SHNDX) & 0xFFFF;
                if ((file[s + ST_INFO] & STT_MASK) != STT_FUNC || shndx == SHN_UNDEF || shndx >= SHN_LORESERVE) {
                    continue;
                }
                out.add(new Symbol(Integer.toUnsignedLong(b.getInt(s + ST_VALUE)), Integer.toUnsignedLong(b.getInt(s + ST_SIZE)),
                        name(file, strOffset, strSize, b.getInt(s))));
            }
        }
        out.sort(Comparator.comparingLong(Symbol::value));
        return new ElfSymbols(List.copyOf(out));
    }

    private static String name(byte[] file, int strOffset, int strSize, int index) {
        int start = strOffset + index;
        int end = start;
        while (end < strOffset + strSize && file[end] != 0) {
            end++;
        }
        return new String(file, start, end - start, StandardCharsets.ISO_8859_1);
    }

    /** The function {@code address} lies in, or "" for none. */
    public String lookup(int address) {
        long a = Integer.toUnsignedLong(address);
        int lo = 0;
        int hi = sorted.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Symbol s = sorted.get(mid);
            if (a < s.value()) {
                hi = mid - 1;
            } else if (a >= s.value() + s.size()) {
                lo = mid + 1;
            } else {
                return s.name();
            }
        }
        return "";
    }

    /** How many functions are known. */
    public int size() {
        return sorted.size();
    }
}
