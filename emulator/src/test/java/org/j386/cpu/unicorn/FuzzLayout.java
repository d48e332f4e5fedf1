package org.j386.cpu.unicorn;

/**
 * The physical memory both machines of the differential share. Paging stays off (Unicorn 2.0.1
 * ignores it, toolchain.md 3 pitfall 8), so linear = physical.
 *
 * <pre>
 *   0x00000 +-----------------------------+  CODE: all HLT (0xF4) but the one instruction under
 *           |  code area, 64 KiB of HLT    |  test at CODE_SLOT (shifted down by up to 15 bytes
 *           |        CODE_SLOT = 0x8000 -> |  so some instructions straddle the 0x8000 page edge).
 *   0x10000 +-----------------------------+  A taken branch lands on a HLT: Unicorn stops there
 *           |  GDT (flat, distinct bases)  |  with EIP one past it (pitfall 10).
 *   0x11000 |  IDT (j386 only)             |
 *   0x12000 +-----------------------------+
 *   0x20000 +-----------------------------+  WINDOW: random bytes, every data access lands here;
 *           |  data window, 8 KiB          |  compared byte for byte after each case.
 *   0x22000 +-----------------------------+
 * </pre>
 *
 * Data segments get distinct bases so that a wrong segment choice lands on other bytes of the
 * window and shows up in the comparison.
 */
final class FuzzLayout {
    private FuzzLayout() { }

    static final int CODE = 0x0;
    static final int CODE_SIZE = 0x10000;
    static final int CODE_SLOT = 0x8000;
    /** Branch targets keep this far from the slot: its bytes change every case (stale TBs). */
    static final int SLOT_GUARD = 32;
    static final byte HLT = (byte) 0xF4;

    static final int TABLES = 0x10000;
    static final int TABLES_SIZE = 0x2000;
    static final int GDT = 0x10000;
    static final int IDT = 0x11000;

    static final int WINDOW = 0x20000;
    static final int WINDOW_SIZE = 0x2000;

    static final int RAM_SIZE = 0x40000;

    /** IDT gate for vector v points at HANDLER_BASE + v * HANDLER_STRIDE (never executed). */
    static final int HANDLER_BASE = 0x00C00000;
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
    static final int GDT_ENTRIES = 8;

    /** Descriptor attribute bits as in the descriptor's high dword (SDM Vol. 3A 3.4.5). */
    static final int FLAT_CODE_FLAGS = 0x00CF9B00;
    static final int FLAT_DATA_FLAGS = 0x00CF9300;

    /** Selector and base of ES, CS, SS, DS, FS, GS (encoding order). */
    static final int[] SEG_SELECTOR = {SEL_ES, SEL_CODE, SEL_SS, SEL_DS, SEL_FS, SEL_GS};
    static final int[] SEG_BASE = {0x200, 0, 0x400, 0, 0x600, 0x800};

    /** Base of each GDT entry by index (entry 0 is the null descriptor). */
    static int gdtBase(int index) {
        return switch (index) {
            case 2 -> SEG_BASE[0];
            case 3 -> SEG_BASE[2];
            case 5 -> SEG_BASE[4];
            case 6 -> SEG_BASE[5];
            case 7 -> 0x100;
            default -> 0;
        };
    }

    /** The GDT image: null, flat code, then flat 4 GiB data segments with the bases above. */
    static byte[] gdtImage() {
        byte[] gdt = new byte[GDT_ENTRIES * 8];
        for (int i = 1; i < GDT_ENTRIES; i++) {
            int flags = i == 1 ? FLAT_CODE_FLAGS : FLAT_DATA_FLAGS;
            int base = gdtBase(i);
            int lo = (base << 16) | 0xFFFF;
            int hi = (base & 0xFF000000) | ((base >>> 16) & 0xFF) | flags | 0x000F0000;
            putLe32(gdt, i * 8, lo);
            putLe32(gdt, i * 8 + 4, hi);
        }
        return gdt;
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

    /** The vector whose handler address is {@code eip}, or -1. */
    static int vectorOfHandler(int eip) {
        int d = eip - HANDLER_BASE;
        if (d < 0 || d >= 256 * HANDLER_STRIDE || d % HANDLER_STRIDE != 0) {
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
