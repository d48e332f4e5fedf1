package org.j386.cpu;

/**
 * Segment selectors and descriptors (SDM Vol. 3A 3.4.2, 3.4.5, 3.5, 5.x): the bit layout, the
 * fetch from the GDT or LDT with its limit check, and the accessed-bit update.
 *
 * <p>A descriptor is two dwords. Attributes are kept exactly as they sit in the high dword,
 * masked with {@link #ATTR_MASK} — the same form as {@code Cpu.segFlags}, so a cached segment
 * and a freshly read descriptor are tested with the same constants:
 * <pre>
 *  high dword
 *  31        24 23 22 21 20 19    16 15 14 13 12 11     8 7         0
 * +------------+--+--+--+--+--------+--+-----+--+--------+-----------+
 * | base 31:24 |G |DB|0 |AV|lim19:16|P | DPL |S |  type  | base 23:16|
 * +------------+--+--+--+--+--------+--+-----+--+--------+-----------+
 *  low dword
 *  31                            16 15                              0
 * +--------------------------------+--------------------------------+
 * |          base 15:0             |           limit 15:0           |
 * +--------------------------------+--------------------------------+
 * </pre>
 * Gates (SDM 5.8.3, 6.11) put a selector in low 31:16, the offset in low 15:0 and high 31:16,
 * and (call gates) a parameter count in high 4:0.
 *
 * <p>Descriptor fetches return both dwords packed in a {@code long} (low dword in bits 31:0), so
 * nothing is allocated.
 */
public final class Descriptors {
    private Descriptors() { }

    // ---------------------------------------------------------------- selector (SDM 3.4.2)

    /** Requested privilege level, selector bits 1:0. */
    public static final int SEL_RPL_MASK = 3;
    /** Table indicator: 0 = GDT, 1 = LDT. */
    public static final int SEL_TI = 1 << 2;
    /** The selector with RPL cleared: index and TI, the form error codes carry (SDM 6.13). */
    public static final int SEL_ERROR_MASK = 0xFFFC;
    /** Index times eight: the byte offset of the descriptor in its table. */
    public static final int SEL_INDEX_MASK = 0xFFF8;
    /** Size of one descriptor in bytes. */
    public static final int DESCRIPTOR_SIZE = 8;
    /** Byte 5 of a descriptor: P, DPL, S and type, the byte the processor rewrites. */
    public static final int ACCESS_BYTE_OFFSET = 5;
    /** The least privileged level: applications, and everything in V86 mode. */
    public static final int PL3 = 3;

    // ---------------------------------------------------------------- error code (SDM 6.13)

    /** EXT: the fault arose while delivering an event external to the program. */
    public static final int ERR_EXT = 1 << 0;
    /** IDT: the index refers to a gate in the IDT. */
    public static final int ERR_IDT = 1 << 1;

    // ---------------------------------------------------------------- high dword attributes

    /**
     * The bits of the high dword kept in the segment caches: the attributes and, as QEMU keeps them
     * (so {@code info registers} and {@code -d int} read the same), limit bits 19:16, which no
     * attribute test looks at.
     */
    public static final int ATTR_MASK = 0x00FFFF00;
    public static final int TYPE_SHIFT = 8;
    public static final int TYPE_MASK = 0xF << TYPE_SHIFT;
    /** Type bit 0 of a code or data segment: accessed. */
    public static final int ACCESSED = 1 << 8;
    /** Type bit 1 of a data segment: writable. */
    public static final int WRITABLE = 1 << 9;
    /** Type bit 1 of a code segment: readable. */
    public static final int READABLE = 1 << 9;
    /** Type bit 2 of a data segment: expand-down. */
    public static final int EXPAND_DOWN = 1 << 10;
    /** Type bit 2 of a code segment: conforming. */
    public static final int CONFORMING = 1 << 10;
    /** Type bit 3 of a code or data segment: code. */
    public static final int CODE = 1 << 11;
    /** Descriptor type S: 1 = code or data, 0 = system. */
    public static final int S = 1 << 12;
    public static final int DPL_SHIFT = 13;
    public static final int DPL_MASK = 3 << DPL_SHIFT;
    /** Segment present. */
    public static final int P = 1 << 15;
    public static final int AVL = 1 << 20;
    /** Default operation size (code), big (stack), upper bound (expand-down data). */
    public static final int DB = 1 << 22;
    /** Granularity: the limit counts 4 KiB units. */
    public static final int G = 1 << 23;
    /** Type bit 1 of a TSS descriptor: busy. */
    public static final int TSS_BUSY = 1 << 9;
    /** Call gate parameter count, high dword bits 4:0. */
    public static final int GATE_PARAM_COUNT_MASK = 0x1F;

    /** A present, writable, accessed data segment: what real-mode and V86 loads produce. */
    public static final int REAL_MODE_DATA = P | S | WRITABLE | ACCESSED;

    // ---------------------------------------------------------------- system types (SDM table 3-2)

    public static final int TSS16_AVAILABLE = 1;
    public static final int LDT = 2;
    public static final int TSS16_BUSY = 3;
    public static final int CALL_GATE16 = 4;
    public static final int TASK_GATE = 5;
    public static final int INT_GATE16 = 6;
    public static final int TRAP_GATE16 = 7;
    public static final int TSS32_AVAILABLE = 9;
    public static final int TSS32_BUSY = 11;
    public static final int CALL_GATE32 = 12;
    public static final int INT_GATE32 = 14;
    public static final int TRAP_GATE32 = 15;
    /** System type bit 3: the 32-bit form of a TSS or gate. */
    public static final int SYSTEM_TYPE_32 = 8;

    // ---------------------------------------------------------------- field extraction

    public static int low(long descriptor) {
        return (int) descriptor;
    }

    public static int high(long descriptor) {
        return (int) (descriptor >>> 32);
    }

    public static int attributes(long descriptor) {
        return high(descriptor) & ATTR_MASK;
    }

    public static int base(long descriptor) {
        int lo = low(descriptor);
        int hi = high(descriptor);
        return (lo >>> 16) | ((hi & 0xFF) << 16) | (hi & 0xFF000000);
    }

    /** The byte-granular limit: with G set, the 20-bit limit counts pages and the low 12 bits are ones. */
    public static int limit(long descriptor) {
        int raw = (low(descriptor) & 0xFFFF) | (high(descriptor) & 0x000F0000);
        return (high(descriptor) & G) != 0 ? (raw << 12) | 0xFFF : raw;
    }

    /** The four-bit type field of attributes {@code attr}. */
    public static int type(int attr) {
        return (attr & TYPE_MASK) >>> TYPE_SHIFT;
    }

    public static int dpl(int attr) {
        return (attr & DPL_MASK) >>> DPL_SHIFT;
    }

    public static boolean present(int attr) {
        return (attr & P) != 0;
    }

    public static boolean isSegment(int attr) {
        return (attr & S) != 0;
    }

    public static boolean isCode(int attr) {
        return (attr & (S | CODE)) == (S | CODE);
    }

    public static boolean isConformingCode(int attr) {
        return (attr & (S | CODE | CONFORMING)) == (S | CODE | CONFORMING);
    }

    public static boolean isWritableData(int attr) {
        return (attr & (S | CODE | WRITABLE)) == (S | WRITABLE);
    }

    /** Data, or code with R set: what DS, ES, FS and GS may hold (SDM Vol. 2 MOV). */
    public static boolean isReadable(int attr) {
        return (attr & S) != 0 && ((attr & CODE) == 0 || (attr & READABLE) != 0);
    }

    /** The system type of attributes {@code attr}, or -1 for a code or data segment. */
    public static int systemType(int attr) {
        return (attr & S) != 0 ? -1 : type(attr);
    }

    /** Gate fields. */
    public static int gateSelector(long gate) {
        return low(gate) >>> 16;
    }

    /** The target offset of a gate; a 16-bit gate has only the low word (QEMU wrongly adds the high one). */
    public static int gateOffset(long gate, boolean gate32) {
        int lo = low(gate) & 0xFFFF;
        return gate32 ? lo | (high(gate) & 0xFFFF0000) : lo;
    }

    public static int gateParamCount(long gate) {
        return high(gate) & GATE_PARAM_COUNT_MASK;
    }

    // ---------------------------------------------------------------- table access

    public static boolean isNull(int selector) {
        return (selector & SEL_ERROR_MASK) == 0;
    }

    /**
     * Reads the descriptor {@code selector} names from the GDT or the LDT, or raises
     * {@code vector}(selector) when it lies beyond the table limit (or TI names an LDT that
     * is not loaded). The caller has already rejected null selectors.
     */
    public static long fetch(Cpu cpu, int selector, int vector) {
        int tableBase;
        int tableLimit;
        if ((selector & SEL_TI) != 0) {
            if ((cpu.ldtrFlags & P) == 0) {
                throw cpu.fault.with(vector, selector & SEL_ERROR_MASK);
            }
            tableBase = cpu.ldtrBase;
            tableLimit = cpu.ldtrLimit;
        } else {
            tableBase = cpu.gdtrBase;
            tableLimit = cpu.gdtrLimit;
        }
        int offset = selector & SEL_INDEX_MASK;
        if (Integer.compareUnsigned(offset + DESCRIPTOR_SIZE - 1, tableLimit) > 0) {
            throw cpu.fault.with(vector, selector & SEL_ERROR_MASK);
        }
        return readAt(cpu, tableBase + offset);
    }

    /** Whether {@code selector} lies inside its table (the test LAR, LSL, VERR and VERW make). */
    public static boolean inTable(Cpu cpu, int selector) {
        int tableLimit;
        if ((selector & SEL_TI) != 0) {
            if ((cpu.ldtrFlags & P) == 0) {
                return false;
            }
            tableLimit = cpu.ldtrLimit;
        } else {
            tableLimit = cpu.gdtrLimit;
        }
        int offset = selector & SEL_INDEX_MASK;
        return Integer.compareUnsigned(offset + DESCRIPTOR_SIZE - 1, tableLimit) <= 0;
    }

    /** The linear address of the descriptor {@code selector} names (after {@link #fetch} succeeded). */
    public static int address(Cpu cpu, int selector) {
        int tableBase = (selector & SEL_TI) != 0 ? cpu.ldtrBase : cpu.gdtrBase;
        return tableBase + (selector & SEL_INDEX_MASK);
    }

    /** Reads the two dwords at linear {@code lin} as supervisor accesses. */
    public static long readAt(Cpu cpu, int lin) {
        int lo = cpu.mmu.readSystem32(lin);
        int hi = cpu.mmu.readSystem32(lin + 4);
        return (lo & 0xFFFFFFFFL) | ((long) hi << 32);
    }

    /**
     * Sets the accessed bit of a code or data descriptor in memory (SDM 3.4.5.1) if it is clear.
     * Written as the access-rights byte alone, as the processor does.
     */
    public static void touch(Cpu cpu, int selector, long descriptor) {
        int hi = high(descriptor);
        if ((hi & ACCESSED) == 0) {
            cpu.mmu.writeSystem8(address(cpu, selector) + ACCESS_BYTE_OFFSET, (hi | ACCESSED) >>> TYPE_SHIFT);
        }
    }

    /** Sets or clears the busy bit of the TSS descriptor {@code selector} names in the GDT (SDM 7.2.2). */
    public static void setTssBusy(Cpu cpu, int selector, boolean busy) {
        int lin = cpu.gdtrBase + (selector & SEL_INDEX_MASK) + ACCESS_BYTE_OFFSET;
        int access = cpu.mmu.readSystem8(lin);
        int busyBit = TSS_BUSY >>> TYPE_SHIFT;
        cpu.mmu.writeSystem8(lin, busy ? access | busyBit : access & ~busyBit);
    }
}
