package org.j386.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** Function symbols as QEMU's load_symbols keeps them and lookup_symbol finds them. */
class ElfSymbolsTest {
    private static final int STT_OBJECT = 1, STT_FUNC = 2, SHT_SYMTAB = 2, SHT_STRTAB = 3;
    private static final int SYMTAB_OFFSET = 0x100, STRTAB_OFFSET = 0x200, SHDR_OFFSET = 0x300;

    /** An ELF32 file with a Multiboot header of {@code flags} and a symbol table of five entries. */
    private static byte[] kernel(int flags) {
        ByteBuffer b = ByteBuffer.allocate(0x400).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7F, 'E', 'L', 'F', 1, 1, 1, 0});
        b.putShort(16, (short) 2).putShort(18, (short) ElfFile.EM_386).putInt(32, SHDR_OFFSET)
                .putShort(46, (short) 40).putShort(48, (short) 3);
        b.position(0x40);
        b.put(TestImages.multibootHeader(flags));
        String names = "\0start_kernel\0counter\0printk\0extern_fn\0";
        b.put(STRTAB_OFFSET, names.getBytes(StandardCharsets.ISO_8859_1));
        int[][] syms = {
            {0, 0, 0, 0, 0},
            {1, 0xC0100000, 0x40, STT_FUNC, 1},         // start_kernel
            {14, 0xC0100040, 4, STT_OBJECT, 1},         // counter: data, not kept
            {22, 0xC0100100, 0x20, STT_FUNC, 1},        // printk
            {29, 0xC0100200, 0x10, STT_FUNC, 0},        // extern_fn: undefined, not kept
        };
        for (int i = 0; i < syms.length; i++) {
            int s = SYMTAB_OFFSET + 16 * i;
            b.putInt(s, syms[i][0]).putInt(s + 4, syms[i][1]).putInt(s + 8, syms[i][2]);
            b.put(s + 12, (byte) syms[i][3]).putShort(s + 14, (short) syms[i][4]);
        }
        section(b, 1, SHT_SYMTAB, SYMTAB_OFFSET, 16 * syms.length, 2);
        section(b, 2, SHT_STRTAB, STRTAB_OFFSET, names.length(), 0);
        return b.array();
    }

    private static void section(ByteBuffer b, int index, int type, int offset, int size, int link) {
        int sh = SHDR_OFFSET + 40 * index;
        b.putInt(sh + 4, type).putInt(sh + 16, offset).putInt(sh + 20, size).putInt(sh + 24, link);
    }

    @Test
    void namesAnAddressByTheFunctionThatHoldsIt() {
        ElfSymbols s = ElfSymbols.ofMultibootKernel(kernel(3));
        assertEquals(2, s.size(), "only defined STT_FUNC symbols are kept");
        assertEquals("start_kernel", s.lookup(0xC0100000));
        assertEquals("start_kernel", s.lookup(0xC010003F));
        assertEquals("", s.lookup(0xC0100040), "past the end of start_kernel, inside a data object");
        assertEquals("printk", s.lookup(0xC0100110));
        assertEquals("", s.lookup(0xC0100200), "an undefined symbol names nothing");
        assertEquals("", s.lookup(0x0010000C), "a physical address before paging: no symbol, as in QEMU's log");
    }

    @Test
    void anAoutKludgeImageOrAFileWithoutSymbolsHasNone() {
        assertEquals(0, ElfSymbols.ofMultibootKernel(kernel(3 | 1 << 16)).size(), "QEMU loads it without load_elf");
        assertEquals(0, ElfSymbols.ofMultibootKernel(new byte[64]).size());
        byte[] broken = kernel(3);
        ByteBuffer.wrap(broken).order(ByteOrder.LITTLE_ENDIAN).putInt(SHDR_OFFSET + 40 + 16, 0x7FFFFFF0);
        assertEquals(0, ElfSymbols.ofMultibootKernel(broken).size(), "a symbol table past the end of the file");
    }
}
