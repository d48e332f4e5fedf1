package org.j386.cpu.unicorn;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.j386.cpu.Eflags;
import org.j386.cpu.OpcodeTable;
import org.j386.cpu.OpcodeTable.Immediate;
import org.j386.cpu.OpcodeTable.Row;

/**
 * Seeded random cases from the opcode table: a row, then an operand size (66 prefix), an address
 * size (67), a segment override, REP for strings, LOCK for lockable rows, a ModRM/SIB form
 * ({@link Addressing}), immediates, random registers and flags, and a random data window. Case
 * {@code i} of seed {@code s} depends on nothing else, so any case can be regenerated alone.
 *
 * <p>Per-mnemonic rules keep cases meaningful: memory operands land in the window, branch targets
 * land on the HLT fill of the code area (away from the instruction slot), stack values popped by
 * RET/IRET/POPF/POP Sreg are crafted, selectors come from the GDT (or are deliberately bad), DIV
 * mostly does not overflow, BOUND is in range half the time. {@link Exclusions} lists what is left
 * out and why.
 */
final class CaseGenerator {
    static final int EAX = 0, ECX = 1, EDX = 2, EBX = 3, ESP = 4, EBP = 5, ESI = 6, EDI = 7;
    static final int ES = 0, CS = 1, SS = 2, DS = 3, FS = 4, GS = 5;
    private static final int[] SEG_PREFIX = {0x26, 0x2E, 0x36, 0x3E, 0x64, 0x65};
    private static final int[] OVERRIDES = {ES, SS, DS, FS, GS};
    private static final int[] INTERESTING = {
        0, 1, -1, 2, 0x7FFFFFFF, 0x80000000, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x7F, 0x80, 0xFF, 0x100,
        0xFFFFFF80, 0xFFFF8000, 0x0F, 0x99, 0x09,
    };

    /** Rows whose register form with LOCK Unicorn 2.0.1 rejects with #UD, as it must (observed). */
    private static final List<String> LOCKED_REGISTER_UD = List.of(
            "ADD", "OR", "ADC", "SBB", "AND", "SUB", "INC", "DEC", "NOT", "NEG", "CMPXCHG");

    private final List<Row> rows;
    private final byte[] window = new byte[FuzzLayout.WINDOW_SIZE];
    private final Addressing addr = new Addressing();

    // ---- per-case state
    private SplittableRandom r;
    private FuzzCase c;
    private Row row;
    private int pinned;
    private boolean o16;
    private boolean a16;
    private int segOverride;
    private int rep;
    private boolean lock;
    private int regField;
    private boolean eIsMem;
    /** Linear addresses of a string instruction's source and destination (GenRules.strings). */
    int srcLinear;
    int dstLinear;
    /** The instruction body after the prefixes, up to the immediates. */
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** A generator over every row of the opcode table that {@link Exclusions} does not exclude. */
    CaseGenerator() {
        List<Row> in = new ArrayList<>();
        for (Row row : OpcodeTable.rows()) {
            if (Exclusions.reason(row) == null) {
                in.add(row);
            }
        }
        this.rows = List.copyOf(in);
    }

    List<Row> rows() {
        return rows;
    }

    FuzzCase generate(long seed, long index) {
        r = new SplittableRandom(seed ^ (index + 1) * 0x9E3779B97F4A7C15L);
        return generate(seed, index, rows.get(r.nextInt(rows.size())));
    }

    /** A case of the given row (the meta-tests sweep rows this way). */
    FuzzCase generate(long seed, long index, Row chosen) {
        if (r == null) {
            r = new SplittableRandom(seed ^ (index + 1) * 0x9E3779B97F4A7C15L);
        }
        row = chosen;
        c = new FuzzCase();
        c.seed = seed;
        c.index = index;
        c.line = row.line();
        c.form = row.form();
        c.undefined = row.undefined();
        for (int i = 0; i < 8; i++) {
            c.gpr[i] = chance(70) ? r.nextInt() : INTERESTING[r.nextInt(INTERESTING.length)];
        }
        c.gpr[ESP] = FuzzLayout.STACK_LOW - FuzzLayout.SEG_BASE[SS]
                + r.nextInt(FuzzLayout.STACK_HIGH - FuzzLayout.STACK_LOW);
        pinned = 1 << ESP;
        c.eflags = randomFlags();
        c.memSeed = r.nextLong();
        FuzzCase.fillRandom(c.memSeed, window);
        c.at = FuzzLayout.slot(index) + (chance(50) ? -1 - r.nextInt(15) : r.nextInt(16));
        c.code16 = chance(25);
        o16 = c.code16 != chance(35);    // effective sizes; the 66/67 prefixes flip the CS.D default
        a16 = c.code16 != chance(25);
        segOverride = chance(25) ? OVERRIDES[r.nextInt(OVERRIDES.length)] : -1;
        rep = 0;
        // See Exclusions: Unicorn's LOCK NEG computes SF, PF from the source.
        lock = row.lock() && chance(8);
        regField = row.group() >= 0 ? row.group() : r.nextInt(8);
        eIsMem = false;
        body.reset();
        GenRules.prepare(this);
        if (row.twoByte()) {
            body.write(0x0F);
        }
        body.write(row.plusReg() ? row.opcode() + r.nextInt(8) : row.opcode());
        if (row.modrm()) {
            chooseModRm();
        }
        GenRules.afterModRm(this);
        byte[] prefixes = prefixes();
        int lengthSoFar = prefixes.length + body.size();
        GenRules.immediate(this, lengthSoFar);
        GenRules.finish(this);
        byte[] b = body.toByteArray();
        c.code = new byte[prefixes.length + b.length];
        System.arraycopy(prefixes, 0, c.code, 0, prefixes.length);
        System.arraycopy(b, 0, c.code, prefixes.length, b.length);
        c.o16 = o16;
        c.a16 = a16;
        r = null;
        return c;
    }

    private void chooseModRm() {
        boolean memOnly = row.operands().stream().anyMatch(o -> o.equals("M") || o.equals("Mp")
                || o.equals("Ma") || o.equals("Ms"));
        // See Exclusions: the register form of these memory-only rows aborts or derails Unicorn.
        boolean registerFormJudged = !List.of("CALLF", "JMPF", "LES", "LDS", "SGDT", "SIDT", "INVLPG")
                .contains(row.mnemonic());
        boolean wantMem = memOnly ? !registerFormJudged || !chance(5) : chance(60);
        if (lock && row.mnemonic().equals("NEG")) {
            wantMem = false;   // see Exclusions: Unicorn's LOCK NEG on memory computes SF, PF from the source
        }
        if (lock && !LOCKED_REGISTER_UD.contains(row.mnemonic())) {
            wantMem = true;   // see Exclusions: LOCK with a register operand can abort Unicorn
        }
        if (wantMem) {
            addr.choose(r, c.gpr, pinned, a16, segOverride);
            pinned |= addr.usedRegs;
            addr.emit(body, regField);
            eIsMem = true;
            c.memoryForm = true;
            c.addressForm = addr.name(a16);
        } else {
            int rm = GenRules.registerOperand(this, r.nextInt(8));
            body.write(0xC0 | regField << 3 | rm);
            addr.rm = rm;
            c.addressForm = "reg";
        }
    }

    private byte[] prefixes() {
        List<Integer> p = new ArrayList<>(5);
        if (o16 != c.code16) {
            p.add(0x66);
        }
        if (a16 != c.code16) {
            p.add(0x67);
        }
        if (segOverride >= 0) {
            p.add(SEG_PREFIX[segOverride]);
        }
        if (rep != 0) {
            p.add(rep);
        }
        if (lock) {
            p.add(0xF0);
        }
        for (int i = p.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Integer t = p.get(i);
            p.set(i, p.get(j));
            p.set(j, t);
        }
        byte[] b = new byte[p.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (int) p.get(i);
        }
        return b;
    }

    private int randomFlags() {
        int f = Eflags.FIXED_1 | r.nextInt() & (Eflags.ARITH | Eflags.IF | Eflags.DF);
        if (chance(20)) {
            f |= r.nextInt(4) << Eflags.IOPL_SHIFT;
        }
        if (chance(10)) {
            f |= Eflags.NT;
        }
        if (chance(10)) {
            f |= Eflags.AC;
        }
        if (chance(10)) {
            f |= Eflags.ID;
        }
        return f;
    }

    // ================================================================ helpers for GenRules

    Row row() {
        return row;
    }

    FuzzCase fuzzCase() {
        return c;
    }

    SplittableRandom random() {
        return r;
    }

    boolean chance(int percent) {
        return r.nextInt(100) < percent;
    }

    boolean o16() {
        return o16;
    }

    void forceO16() {
        o16 = true;
    }

    boolean a16() {
        return a16;
    }

    int segOverride() {
        return segOverride;
    }

    void setRep(int prefix) {
        rep = prefix;
    }

    int regField() {
        return regField;
    }

    void setRegField(int v) {
        regField = v;
    }

    boolean eIsMem() {
        return eIsMem;
    }

    int eLinear() {
        return addr.linear;
    }

    /** The register ModRM.rm names in a register form. */
    int eReg() {
        return addr.rm;
    }

    boolean isPinned(int reg) {
        return (pinned & 1 << reg) != 0;
    }

    void pin(int reg, int value) {
        c.gpr[reg] = value;
        pinned |= 1 << reg;
    }

    /** Operand size in bytes of a 'v' operand. */
    int vSize() {
        return o16 ? 2 : 4;
    }

    ByteArrayOutputStream body() {
        return body;
    }

    void emit(int size, int value) {
        for (int i = 0; i < size; i++) {
            body.write(value >>> (8 * i));
        }
    }

    /** The register part read by a {@code size}-byte operand naming register {@code reg}. */
    int regValue(int reg, int size) {
        if (size == 1) {
            return reg < 4 ? c.gpr[reg] & 0xFF : c.gpr[reg - 4] >>> 8 & 0xFF;
        }
        return size == 2 ? c.gpr[reg] & 0xFFFF : c.gpr[reg];
    }

    /** Writes the register part unless the register is pinned; returns whether it did. */
    boolean setRegValue(int reg, int size, int value) {
        int full = size == 1 ? reg & 3 : reg;
        if (isPinned(full)) {
            return false;
        }
        if (size == 1) {
            int shift = reg < 4 ? 0 : 8;
            c.gpr[full] = c.gpr[full] & ~(0xFF << shift) | (value & 0xFF) << shift;
        } else if (size == 2) {
            c.gpr[full] = c.gpr[full] & 0xFFFF0000 | value & 0xFFFF;
        } else {
            c.gpr[full] = value;
        }
        return true;
    }

    int readMem(int linear, int size) {
        int off = linear - FuzzLayout.WINDOW;
        int v = 0;
        for (int i = 0; i < size; i++) {
            v |= (window[off + i] & 0xFF) << (8 * i);
        }
        return v;
    }

    void patch(int linear, int size, int value) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        c.patches.add(new FuzzCase.Patch(linear, b));
        System.arraycopy(b, 0, window, linear - FuzzLayout.WINDOW, size);
    }

    int readE(int size) {
        return eIsMem ? readMem(addr.linear, size) : regValue(addr.rm, size);
    }

    boolean writeE(int size, int value) {
        if (eIsMem) {
            patch(addr.linear, size, value);
            return true;
        }
        return setRegValue(addr.rm, size, value);
    }

    /** Linear address of the stack top. */
    int stackTop() {
        return FuzzLayout.SEG_BASE[SS] + c.gpr[ESP];
    }

    /**
     * A linear target for a near transfer: a HLT of the fill, away from every slot. In the 16-bit
     * code segment, the fill around the case's cell (offsets near 0x8000).
     */
    int codeTarget() {
        if (!c.code16) {
            return farTarget();
        }
        while (true) {
            int t = FuzzLayout.cellStart(c.at) - FuzzLayout.FILL_BEFORE
                    + r.nextInt(FuzzLayout.FILL_BEFORE + FuzzLayout.FILL_AFTER);
            if (FuzzLayout.isHltTarget(t, c.at)) {
                return t;
            }
        }
    }

    /**
     * A target for a far transfer to the flat code segment (base 0), also a near target in it.
     * With a 16-bit operand size EIP is truncated to 16 bits, so the target lies in the low 64 KiB.
     */
    int farTarget() {
        while (true) {
            int t;
            int x = r.nextInt(4);
            if (o16 || x == 0) {
                t = FuzzLayout.LOW + r.nextInt(FuzzLayout.LOW_SIZE);
            } else {
                t = FuzzLayout.cellStart(c.at) - FuzzLayout.FILL_BEFORE
                        + r.nextInt(FuzzLayout.FILL_BEFORE + FuzzLayout.FILL_AFTER);
            }
            if (FuzzLayout.isHltTarget(t, c.at)) {
                return t;
            }
        }
    }

    /** A selector to load into {@code sreg}: mostly valid, sometimes null, code or garbage. */
    int selector() {
        int x = r.nextInt(100);
        if (x < 70) {
            return FuzzLayout.DATA_SELECTORS[r.nextInt(FuzzLayout.DATA_SELECTORS.length)];
        }
        if (x < 80) {
            return 0;
        }
        if (x < 85) {
            return FuzzLayout.SEL_CODE;
        }
        if (x < 92) {
            return FuzzLayout.DATA_SELECTORS[r.nextInt(FuzzLayout.DATA_SELECTORS.length)] | 1 + r.nextInt(7);
        }
        return r.nextInt(0x10000);
    }

    int csBase() {
        return c.csBase();
    }

    /** A CS selector for far transfers: mostly the flat code segment. */
    int codeSelector() {
        return chance(85) ? FuzzLayout.SEL_CODE : selector();
    }

    /** A flags image for POPF/IRET to pop: random, without TF, VM and RF (see Exclusions). */
    int poppedFlags() {
        return r.nextInt() & ~(Eflags.TF | Eflags.VM | Eflags.RF);
    }
}
