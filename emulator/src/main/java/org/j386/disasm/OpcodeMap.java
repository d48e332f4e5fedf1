package org.j386.disasm;

import org.j386.cpu.OpcodeTable;
import org.j386.cpu.OpcodeTable.Row;

/**
 * The opcode table as two 256-entry maps (one-byte and 0F-prefixed opcodes), each entry the row or,
 * for /digit rows, the eight rows ModRM.reg selects. Built once from {@link OpcodeTable#rows()} with
 * the decoder's rules: rows apply in file order (NOP over XCHG 90+r), +r rows fill eight opcodes.
 */
final class OpcodeMap {
    private static final int OPCODES = 256;
    private static final int GROUP_SIZE = 8;
    private static final Entry[] ONE = new Entry[OPCODES];
    private static final Entry[] TWO = new Entry[OPCODES];

    /** A row, or the rows of a /digit group. */
    record Entry(Row row, Row[] group) {
        /** The row for ModRM.reg {@code reg}: the group's, or this entry's own. */
        Row select(int reg) {
            return group == null ? row : group[reg];
        }

        boolean hasModrm() {
            return group != null || row.modrm();
        }
    }

    static {
        for (Row r : OpcodeTable.rows()) {
            install(r);
        }
    }

    private OpcodeMap() { }

    private static void install(Row r) {
        Entry[] map = r.twoByte() ? TWO : ONE;
        if (r.group() >= 0) {
            Entry holder = map[r.opcode()];
            if (holder == null || holder.group == null) {
                holder = new Entry(null, new Row[GROUP_SIZE]);
                map[r.opcode()] = holder;
            }
            holder.group[r.group()] = r;
        } else if (r.plusReg()) {
            for (int k = 0; k < GROUP_SIZE; k++) {
                map[r.opcode() + k] = new Entry(r, null);
            }
        } else {
            map[r.opcode()] = new Entry(r, null);
        }
    }

    /** The entry for {@code opcode} (after 0F when {@code twoByte}), or null if the table lacks it. */
    static Entry lookup(boolean twoByte, int opcode) {
        return (twoByte ? TWO : ONE)[opcode];
    }
}
