package org.j386.cpu.unicorn;

/**
 * The physical memory both machines of the differential share. Paging stays off (Unicorn 2.0.1
 * ignores it, toolchain.md 3 pitfall 8), so linear = physical.
 *
 * <pre>
 *   0x000000 +---------------------------+  LOW: 64 KiB of HLT (0xF4): targets of 16-bit
 *            |  HLT fill                  |  transfers, whose EIP is truncated to 16 bits
 *   0x010000 |  GDT (flat, distinct bases) |
 *   0x011000 |  IDT (j386 only)           |
 *   0x020000 +---------------------------+  WINDOW: random bytes, every data access lands
 *            |  data window, 8 KiB        |  here; compared byte for byte after each case
 *   0x022000 +---------------------------+
 *   0x100000 +---------------------------+  CELLS: 64 MiB cut into 256-byte cells; case i runs
 *            |  cell 1: slot at 0x100100   |  in cell 1 + i mod 262143, within 15 bytes of the
 *            |  ...                       |  cell start (every 16th cell start is a page edge,
 *            |  cell 262143               |  so some instructions straddle pages). Before the
 *  0x4100000 +---------------------------+  case, FILL_BEFORE..FILL_AFTER around the cell start
 *                                           becomes HLT; near branches land there, far ones in LOW,
 *                                           and Unicorn stops one byte past that HLT (pitfall 10).
 * </pre>
 *
 * No address runs two different instructions between flushes of Unicorn's translated blocks,
 * which are flushed only when cells wrap around (a flush costs 0.1-4 s here): beyond pitfall 1,
 * Unicorn 2.0.1 was seen keeping a stale block after a #UD whose ModRM had a memory operand
 * (8e 0c .. then any instruction at the same address still raised #UD).
 *
 * <p>Data segments get distinct bases just below the window, so that a wrong segment choice lands
 * on other bytes of the window and shows up in the comparison, and so that 16-bit offsets
 * (67 prefix) reach the window from every one of them.
 */
final class FuzzLayout {
    private FuzzLayout() { }

    static final int LOW = 0x0;
    static final int LOW_SIZE = 0x10000;
    static final byte HLT = (byte) 0xF4;

    static final int CELLS = 0x100000;
    static final int CELL_SIZE = 0x100;
    /** Cells 1..CELL_COUNT are used; cell 0 would put slot bytes below 1 MiB (j386's legacy hole). */
    static final int CELL_COUNT = 262143;
    static final int CELLS_SIZE = 0x4000000;
    /** Bytes around a cell start that only instructions occupy: never a branch target. */
    static final int SLOT_BEFORE = 48;
    static final int SLOT_AFTER = 64;
    /** The HLT fill written around a cell start for its case: [start - FILL_BEFORE, start + FILL_AFTER). */
    static final int FILL_BEFORE = 192;
    static final int FILL_AFTER = 208;

    static final int TABLES = 0x10000;
    static final int TABLES_SIZE = 0x2000;
    static final int GDT = 0x10000;
    static final int IDT = 0x11000;
    /** Where j386 runs its one setup instruction (LLDT with a null selector). */
    static final int SETUP = 0x11800;

    static final int WINDOW = 0x20000;
    static final int WINDOW_SIZE = 0x2000;

    static final int RAM_SIZE = CELLS + CELLS_SIZE;

    /** IDT gate for vector v points at HANDLER_BASE + v * HANDLER_STRIDE (never executed). */
    static final int HANDLER_BASE = 0xF0000000;   // above RAM and every code cell
    static final int HANDLER_STRIDE = 16;

    // GDT selectors: index << 3, TI = 0, RPL = 0.
    static final int SEL_CODE = 0x08;
    static final int SEL_ES = 0x10;
    static final int SEL_SS = 0x18;
    static final int SEL_DS = 0x20;
    static final int SEL_FS = 0x28;
    static final int SEL_GS = 0x30;
    /** A spare flat data segment that segment-loading instructions may load. */
    static final int SEL_SPARE = 0x38;
    /**
     * A 16-bit code segment (D=0, byte-granular limit 0xFFFF) whose base each case sets so that its
     * instruction sits at offset 0x8000 ({@link #code16Base}): cases with CS.D=0 run there.
     */
    static final int SEL_CODE16 = 0x40;
    static final int GDT_ENTRIES = 9;
    static final int CODE16_FLAGS = 0x00009B00;
    static final int CODE16_LIMIT = 0xFFFF;
    /** Every data selector of the GDT. */
    static final int[] DATA_SELECTORS = {SEL_ES, SEL_SS, SEL_DS, SEL_FS, SEL_GS, SEL_SPARE};

    /** Descriptor attribute bits as in the descriptor's high dword (SDM Vol. 3A 3.4.5). */
    static final int FLAT_CODE_FLAGS = 0x00CF9B00;
    static final int FLAT_DATA_FLAGS = 0x00CF9300;

    /** Selector and base of ES, CS, SS, DS, FS, GS (encoding order). */
    static final int[] SEG_SELECTOR = {SEL_ES, SEL_CODE, SEL_SS, SEL_DS, SEL_FS, SEL_GS};
    static final int[] SEG_BASE = {0x1F200, 0, 0x1F400, 0x1F000, 0x1F600, 0x1F800};
    /** Base of the spare data segment {@link #SEL_SPARE}. */
    static final int SPARE_BASE = 0x1F100;

    /** Where ESP (and EBP for ENTER/LEAVE) point, linear: room for PUSHA and ENTER's 31 levels. */
    static final int STACK_LOW = WINDOW + 0x800;
    static final int STACK_HIGH = WINDOW + 0x1800;

    /** Base of each GDT entry by index (entry 0 is the null descriptor). */
    static int gdtBase(int index) {
        return switch (index) {
            case 2 -> SEG_BASE[0];
            case 3 -> SEG_BASE[2];
            case 5 -> SEG_BASE[4];
            case 6 -> SEG_BASE[5];
            case 4 -> SEG_BASE[3];
            case 7 -> SPARE_BASE;
            default -> 0;
        };
    }

    /**
     * The GDT image: null, flat code, flat 4 GiB data segments with the bases above, and the
     * 16-bit code segment for a case at {@code at}.
     */
    static byte[] gdtImage(int at) {
        byte[] gdt = new byte[GDT_ENTRIES * 8];
        for (int i = 1; i < GDT_ENTRIES - 1; i++) {
            putDescriptor(gdt, i * 8, gdtBase(i), 0xFFFFF, i == 1 ? FLAT_CODE_FLAGS : FLAT_DATA_FLAGS);
        }
        putDescriptor(gdt, SEL_CODE16, code16Base(at), CODE16_LIMIT, CODE16_FLAGS);
        return gdt;
    }

    /** The 16-bit code segment's descriptor for a case at {@code at}, as 8 bytes. */
    static byte[] code16Descriptor(int at) {
        byte[] d = new byte[8];
        putDescriptor(d, 0, code16Base(at), CODE16_LIMIT, CODE16_FLAGS);
        return d;
    }

    /** Base of the 16-bit code segment for a case at {@code at}: the instruction at offset ~0x8000. */
    static int code16Base(int at) {
        return cellStart(at) - 0x8000;
    }

    /** A segment descriptor (SDM Vol. 3A 3.4.5): 20-bit limit, attribute bits as in the high dword. */
    private static void putDescriptor(byte[] b, int at, int base, int limit, int flags) {
        putLe32(b, at, base << 16 | limit & 0xFFFF);
        putLe32(b, at + 4, base & 0xFF000000 | base >>> 16 & 0xFF | flags | limit & 0x000F0000);
    }

    /** IDT image: 32-bit interrupt gates (type 0xE, DPL 0, present) to the distinct handlers. */
    static byte[] idtImage() {
        byte[] idt = new byte[256 * 8];
        for (int v = 0; v < 256; v++) {
            int offset = HANDLER_BASE + v * HANDLER_STRIDE;
            putLe32(idt, v * 8, (SEL_CODE << 16) | (offset & 0xFFFF));
            putLe32(idt, v * 8 + 4, (offset & 0xFFFF0000) | 0x8E00);
        }
        return idt;
    }

    /** Slot address of case {@code index}: the start of its cell. */
    static int slot(long index) {
        return CELLS + (1 + (int) (index % CELL_COUNT)) * CELL_SIZE;
    }

    /** The cell start nearest to {@code at}. */
    static int cellStart(int at) {
        return CELLS + Math.floorDiv(at - CELLS + CELL_SIZE / 2, CELL_SIZE) * CELL_SIZE;
    }

    /**
     * Whether {@code t} holds HLT for the case whose instruction is at {@code at}: the LOW fill,
     * or the fill around its cell outside the slot zone.
     */
    static boolean isHltTarget(int t, int at) {
        if (t >= LOW && t < LOW + LOW_SIZE) {
            return true;
        }
        int d = t - cellStart(at);
        return d >= -FILL_BEFORE && d < -SLOT_BEFORE || d >= SLOT_AFTER && d < FILL_AFTER;
    }

    /** The vector whose handler address is {@code eip}, or -1. */
    static int vectorOfHandler(int eip) {
        int d = eip - HANDLER_BASE;
        if (Integer.compareUnsigned(d, 256 * HANDLER_STRIDE) >= 0 || d % HANDLER_STRIDE != 0) {
            return -1;
        }
        return d / HANDLER_STRIDE;
    }

    static void putLe32(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
