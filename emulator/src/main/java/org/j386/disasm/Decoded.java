package org.j386.disasm;

import org.j386.cpu.OpcodeTable.Row;

/**
 * The fields of one instruction as SDM Vol. 2 ch. 2 (figure 2-1) lays them out: prefixes, opcode,
 * ModRM, SIB, displacement and immediates, filled by {@link Disassembler} and read by the AT&amp;T
 * formatter. Register numbers follow the encoding (EAX..EDI = 0..7); {@link #NONE} marks an absent
 * base or index.
 */
final class Decoded {
    static final int NONE = -1;
    /** Segment register numbers as ModRM.reg of MOV Sreg encodes them. */
    static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    /** Prefix bytes (SDM Vol. 2A 2.1.1): segment overrides, operand and address size, LOCK, REPNE, REP. */
    static final int PREFIX_ES = 0x26, PREFIX_CS = 0x2E, PREFIX_SS = 0x36, PREFIX_DS = 0x3E, PREFIX_FS = 0x64,
            PREFIX_GS = 0x65, PREFIX_OPERAND_SIZE = 0x66, PREFIX_ADDRESS_SIZE = 0x67, PREFIX_LOCK = 0xF0,
            PREFIX_REPNE = 0xF2, PREFIX_REP = 0xF3;
    /** The escape to the two-byte opcode map. */
    static final int TWO_BYTE_ESCAPE = 0x0F;

    int address;
    boolean code32;
    final byte[] buffer = new byte[Disassembler.MAX_LENGTH];
    int length;

    /** Segment override (ES..GS), or {@link #NONE}. */
    int segment = NONE;
    boolean operandPrefix;
    boolean addressPrefix;
    boolean lock;
    /** The last of F2/F3, or 0. */
    int rep;

    Row row;
    boolean twoByte;
    int opcode;
    boolean hasModrm;
    int mod;
    int reg;
    int rm;

    /** A memory operand (ModRM with mod != 3, or a moffs). */
    boolean memory;
    int base = NONE;
    int index = NONE;
    /** SIB scale factor: 1, 2, 4 or 8. */
    int scale = 1;
    int displacement;

    int immediate;
    /** The second immediate: a far pointer's selector, ENTER's nesting level. */
    int immediate2;

    /** Operand size 32 (CS.D xor 66). */
    boolean op32() {
        return code32 != operandPrefix;
    }

    /** Address size 32 (CS.D xor 67). */
    boolean addr32() {
        return code32 != addressPrefix;
    }

    byte[] bytes() {
        return java.util.Arrays.copyOf(buffer, length);
    }
}
