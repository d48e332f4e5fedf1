package org.j386.disasm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The disassembler's API and QEMU's line layout, from lines QEMU 7.2 wrote on this machine (-d
 * in_asm of SeaBIOS and of the minikernel, the monitor's x /i).
 */
class DisassemblerTest {
    private static Instruction decode(String hex, int address, boolean code32) {
        byte[] b = HexFormat.ofDelimiter(" ").parseHex(hex);
        return Disassembler.decode(CodeReader.of(b, address), address, code32);
    }

    /** Lines copied from QEMU's logs: mode, then the whole line (trailing spaces included). */
    @ParameterizedTest(name = "{index}: {1}")
    @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, value = {
        "16|0xfffffff0:  ea 5b e0 00 f0           ljmpw    $0xf000:$0xe05b",
        "16|0x000fe05b:  2e 66 83 3e 28 6f 00     cmpl     $0, %cs:0x6f28",
        "16|0x000fe062:  0f 85 48 02              jne      0xe2ae",
        "16|0x000fd086:  fa                       cli      ",
        "16|0x000fd0bb:  66 ea c3 d0 0f 00 08 00  ljmpl    $0x8:$0xfd0c3",
        "32|0x000fd0c8:  8e d9                    movl     %ecx, %ds",
        "16|0x000fe068:  8e d2                    movw     %dx, %ss",
        "16|0x000fe076:  e9 0d f0                 jmp      0xd086",
        "32|0x0010000c:  fa                       cli      ",
        "32|0x00100023:  f3 ab                    rep stosl %eax, %es:(%edi)",
        "32|0x0010003a:  e2 f8                    loop     0x100034",
        "32|0xc0115a10:  f3 0f 1e fb              endbr32  ",
    })
    void printsWhatQemuPrinted(String mode, String line) {
        int address = Integer.parseUnsignedInt(line.substring(2, 10), 16);
        String hex = line.substring(13, 37).strip();
        assertEquals(line + "\n", QemuListing.format(decode(hex, address, mode.equals("32"))));
    }

    @Test
    void longInstructionsContinueOnLinesOfTheirOwn() {
        // lock addl $0x12345678, %es:0x11223344(%eax, %ebx, 4) with 66 67-free 32-bit encoding: 12 bytes.
        Instruction in = decode("f0 26 81 84 98 44 33 22 11 78 56 34 12", 0x1000, true);
        assertEquals(13, in.length());
        assertEquals("0x00001000:  f0 26 81 84 98 44 33 22  lock addl $0x12345678, %es:0x11223344(%eax, %ebx, 4)\n"
                + "0x00001008:  11 78 56 34 12\n", QemuListing.format(in));
    }

    @Test
    void tellsLengthTextAndTheBlockEnd() {
        Instruction jmp = decode("eb fe", 0x100, true);
        assertEquals(2, jmp.length());
        assertEquals("jmp 0x100", jmp.text());
        assertTrue(jmp.endsBlock(), "the table marks JMP end");
        assertFalse(jmp.repString());

        Instruction add = decode("01 c8", 0x100, true);
        assertEquals("addl %ecx, %eax", add.text());
        assertFalse(add.endsBlock());

        Instruction rep = decode("f3 a5", 0x100, true);
        assertTrue(rep.repString());
        assertTrue(rep.endsBlock(), "a REP string instruction ends its block (Decoder.endsBlock)");
        Instruction movs = decode("a5", 0x100, true);
        assertFalse(movs.repString());
        assertFalse(movs.endsBlock());
        assertFalse(decode("f3 90", 0x100, true).repString(), "F3 90 is PAUSE, not a string instruction");
        assertTrue(decode("8e d8", 0x100, true).endsBlock(), "MOV Sreg ends a block");
        assertArrayEquals(new byte[] {(byte) 0x8e, (byte) 0xd8}, decode("8e d8", 0x100, true).bytes());
    }

    @Test
    void invalidEncodingsAreOneByteOfSkippedDataAndEndTheBlock() {
        for (String hex : new String[] {"0f ff", "8d c0", "f0 01 c0", "8e f0", "d9 08", "0f 01 d0"}) {
            Instruction in = decode(hex, 0x200, true);
            assertEquals(1, in.length(), hex);
            assertEquals(".byte", in.mnemonic(), hex);
            assertEquals(String.format("0x%s", hex.substring(0, 2)), in.operands(), hex);
            assertFalse(in.valid(), hex);
            assertTrue(in.endsBlock(), hex);
        }
        // More than 15 bytes (SDM Vol. 2A 2.3.11).
        assertEquals(".byte", decode("66 66 66 66 66 66 66 66 66 66 66 66 66 66 66 90", 0, true).mnemonic(), "16 bytes");
        assertEquals(15, decode("66 66 66 66 66 66 66 66 66 66 66 66 66 66 90", 0, true).length());
    }

    @Test
    void bytesThatCannotBeReadGiveNothing() {
        assertNull(decode("", 0x1000, true));
        assertNull(decode("b8 78 56", 0x1000, true), "mov eax, imm32 cut short");
        assertEquals("0x00001000: unable to read memory\n", QemuListing.unreadable(0x1000));
    }

    @Test
    void sixteenAndThirtyTwoBitForms() {
        assertEquals("movw (%bp, %si), %ax", decode("8b 02", 0, false).text());
        assertEquals("movl (%edx), %eax", decode("8b 02", 0, true).text());
        assertEquals("movl -8(%ebp, %esi, 2), %eax", decode("8b 44 75 f8", 0, true).text());
        assertEquals("movl 0x10(, %ebx, 4), %ecx", decode("8b 0c 9d 10 00 00 00", 0, true).text());
        assertEquals("movw %fs:0xfff0, %ax", decode("64 a1 f0 ff", 0, false).text());
        assertEquals("movsw %cs:(%si), %es:(%di)", decode("2e a5", 0, false).text());
        assertEquals("lcalll *(%ebx)", decode("ff 1b", 0, true).text());
        assertEquals("fldl 8(%esp)", decode("dd 44 24 08", 0, true).text());
        assertEquals("fxch %st(1)", decode("d9 c9", 0, true).text());
        assertEquals("aam", decode("d4 0a", 0, true).text(), "the default base is not shown");
        assertEquals("enter $-0x10, $1", decode("c8 f0 ff 01", 0, true).text());
        assertEquals("andl $0xfffffff0, %esp", decode("83 e4 f0", 0, true).text());
        assertEquals("subl $-0x80, %esp", decode("83 ec 80", 0, true).text());
    }
}
