package org.j386.disasm;

import org.j386.cpu.OpcodeTable.Immediate;
import org.j386.cpu.OpcodeTable.Row;

/**
 * Decodes one instruction from its bytes (SDM Vol. 2 ch. 2): prefixes, the one- or two-byte opcode
 * looked up in {@link OpcodeMap}, ModRM/SIB/displacement by tables 2-1 (16-bit) and 2-2/2-3
 * (32-bit), immediates as the row's encoding column says; then {@link AttSyntax} spells it.
 *
 * <p>An encoding the table does not hold, or one it marks invalid (a memory-only operand with a
 * register ModRM, Sreg 6 or 7, LOCK where not allowed, a reserved x87 form, more than 15 bytes)
 * becomes capstone's skipped data: one byte, {@code .byte 0xNN}. Reads have no side effects: the
 * caller's {@link CodeReader} decides what memory is visible.
 */
public final class Disassembler {
    /** SDM Vol. 2A 2.3.11: an instruction is at most 15 bytes long. */
    public static final int MAX_LENGTH = 15;
    private static final int MODRM_MOD_REGISTER = 3;
    private static final int MAX_SEGMENT_REGISTER = Decoded.GS;
    private static final int SIB_NO_INDEX = 4;
    private static final int SIB_NO_BASE = 5;
    private static final int RM_SIB = 4;
    private static final int RM_DISP32 = 5;
    private static final int RM16_DISP16 = 6;
    /** Register numbers of table 2-1's base and index registers (the encoding's: BX 3, BP 5, SI 6, DI 7). */
    private static final int BX = 3, BP = 5, SI = 6, DI = 7;

    private Disassembler() { }

    /** Why decoding stopped early. */
    private static final class Stop extends RuntimeException {
        final boolean unreadable;

        Stop(boolean unreadable) {
            super(null, null, false, false);
            this.unreadable = unreadable;
        }
    }

    private static final Stop UNREADABLE = new Stop(true);
    private static final Stop INVALID = new Stop(false);

    /**
     * The instruction at linear {@code address} in 32-bit ({@code code32}, CS.D set) or 16-bit
     * code, or null when a byte it needs cannot be read.
     */
    public static Instruction decode(CodeReader code, int address, boolean code32) {
        Decoded d = new Decoded();
        d.address = address;
        d.code32 = code32;
        try {
            fields(code, d);
        } catch (Stop s) {
            if (s.unreadable) {
                return null;
            }
            return skipped(code, address);
        }
        return AttSyntax.spell(d);
    }

    /** Capstone's skipped data: the first byte alone, as {@code .byte}; it ends a block (#UD). */
    private static Instruction skipped(CodeReader code, int address) {
        int b = code.read(address);
        return new Instruction(address, new byte[] {(byte) b}, ".byte", String.format("0x%02x", b), false, true, false);
    }

    private static int next(CodeReader code, Decoded d) {
        if (d.length == MAX_LENGTH) {
            throw INVALID;
        }
        int b = code.read(d.address + d.length);
        if (b < 0) {
            throw UNREADABLE;
        }
        d.buffer[d.length++] = (byte) b;
        return b;
    }

    private static int next16(CodeReader code, Decoded d) {
        int lo = next(code, d);
        return lo | next(code, d) << 8;
    }

    private static int next32(CodeReader code, Decoded d) {
        int lo = next16(code, d);
        return lo | next16(code, d) << 16;
    }

    private static void fields(CodeReader code, Decoded d) {
        int b;
        prefixes:
        while (true) {
            b = next(code, d);
            switch (b) {
                case Decoded.PREFIX_ES -> d.segment = Decoded.ES;
                case Decoded.PREFIX_CS -> d.segment = Decoded.CS;
                case Decoded.PREFIX_SS -> d.segment = Decoded.SS;
                case Decoded.PREFIX_DS -> d.segment = Decoded.DS;
                case Decoded.PREFIX_FS -> d.segment = Decoded.FS;
                case Decoded.PREFIX_GS -> d.segment = Decoded.GS;
                case Decoded.PREFIX_OPERAND_SIZE -> d.operandPrefix = true;
                case Decoded.PREFIX_ADDRESS_SIZE -> d.addressPrefix = true;
                case Decoded.PREFIX_LOCK -> d.lock = true;
                case Decoded.PREFIX_REPNE, Decoded.PREFIX_REP -> d.rep = b;
                default -> {
                    break prefixes;
                }
            }
        }
        if (b == Decoded.TWO_BYTE_ESCAPE) {
            d.twoByte = true;
            b = next(code, d);
        }
        d.opcode = b;
        OpcodeMap.Entry e = OpcodeMap.lookup(d.twoByte, b);
        if (e == null) {
            throw INVALID;
        }
        Row row = e.row();
        if (e.hasModrm()) {
            int m = next(code, d);
            d.hasModrm = true;
            d.mod = m >>> 6;
            d.reg = (m >>> 3) & 7;
            d.rm = m & 7;
            row = e.select(d.reg);
            if (row == null) {
                throw INVALID;
            }
            if (d.mod != MODRM_MOD_REGISTER && !registerOnly(row)) {
                d.memory = true;
                if (d.addr32()) {
                    modrm32(code, d);
                } else {
                    modrm16(code, d);
                }
            }
        }
        d.row = row;
        if (!valid(d)) {
            throw INVALID;
        }
        immediates(code, d, row.immediate());
    }

    /** MOV to/from CRn and DRn name a register whatever ModRM.mod says (SDM Vol. 2B MOV—Move to/from Control Registers). */
    private static boolean registerOnly(Row row) {
        return row.operands().contains("Cd") || row.operands().contains("Dd");
    }

    private static boolean valid(Decoded d) {
        Row row = d.row;
        for (String shape : row.operands()) {
            boolean memoryOnly = shape.equals("M") || shape.equals("Mp") || shape.equals("Ma") || shape.equals("Ms");
            if (memoryOnly && !d.memory) {
                return false;
            }
            if (shape.equals("Sw") && d.reg > MAX_SEGMENT_REGISTER) {
                return false;
            }
        }
        if (d.lock && (!row.lock() || !d.memory)) {
            return false;
        }
        return !X87.isEscape(row) || X87.spelling(d) != null;
    }

    private static void immediates(CodeReader code, Decoded d, Immediate imm) {
        switch (imm) {
            case IB, CB -> d.immediate = (byte) next(code, d);
            case IW -> d.immediate = next16(code, d);
            case IZ, CZ -> d.immediate = d.op32() ? next32(code, d) : (short) next16(code, d);
            case CP -> {
                d.immediate = d.op32() ? next32(code, d) : next16(code, d);
                d.immediate2 = next16(code, d);
            }
            case MO -> {
                d.memory = true;
                d.displacement = d.addr32() ? next32(code, d) : next16(code, d);
            }
            case IW_IB -> {
                d.immediate = next16(code, d);
                d.immediate2 = next(code, d);
            }
            default -> { }
        }
    }

    /** SDM Vol. 2A table 2-1: BX/BP plus SI/DI, disp8 or disp16; mod 00 r/m 110 is a bare disp16. */
    private static void modrm16(CodeReader code, Decoded d) {
        switch (d.rm) {
            case 0 -> { d.base = BX; d.index = SI; }
            case 1 -> { d.base = BX; d.index = DI; }
            case 2 -> { d.base = BP; d.index = SI; }
            case 3 -> { d.base = BP; d.index = DI; }
            case 4 -> d.base = SI;
            case 5 -> d.base = DI;
            case RM16_DISP16 -> {
                if (d.mod == 0) {
                    d.displacement = next16(code, d);
                    return;
                }
                d.base = BP;
            }
            default -> d.base = BX;
        }
        if (d.mod == 1) {
            d.displacement = (byte) next(code, d);
        } else if (d.mod == 2) {
            d.displacement = (short) next16(code, d);
        }
    }

    /** SDM Vol. 2A tables 2-2 and 2-3: base + index * scale + disp8/disp32, SIB when r/m is 100. */
    private static void modrm32(CodeReader code, Decoded d) {
        int base = d.rm;
        if (d.rm == RM_SIB) {
            int sib = next(code, d);
            d.scale = 1 << (sib >>> 6);
            int index = (sib >>> 3) & 7;
            d.index = index == SIB_NO_INDEX ? Decoded.NONE : index;
            base = sib & 7;
            if (base == SIB_NO_BASE && d.mod == 0) {
                base = Decoded.NONE;
                d.displacement = next32(code, d);
            }
        } else if (d.rm == RM_DISP32 && d.mod == 0) {
            base = Decoded.NONE;
            d.displacement = next32(code, d);
        }
        d.base = base;
        if (d.mod == 1) {
            d.displacement = (byte) next(code, d);
        } else if (d.mod == 2) {
            d.displacement = next32(code, d);
        }
    }
}
