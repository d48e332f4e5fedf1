package org.j386.cpu;

/**
 * One decoded instruction, reused: the decoder fills it once and {@link CodeCache} keeps it in the
 * slot of its first byte's physical page offset until the page is written.
 */
final class Insn {
    /**
     * How much of the architectural state the run loop must write back before executing it
     * ({@link #kind}). PURE: reads no EIP, retired count, roll-back point or current operand size,
     * and changes ESP only after its last access that can fault, so a fault leaves ESP as it was.
     * NEAR: a near jump, call or return (CS unchanged, so the block may go on at its target on the
     * same page); needs EIP (past the instruction) and ESP's roll-back value.
     * FULL: everything else.
     */
    static final int PURE = 0, NEAR = 1, FULL = 2;

    /** Handler number: a {@link Dispatch} or {@link Fast} constant. */
    int op;
    /** Its handler, {@code Dispatch.HANDLERS[op]}. */
    Handler handler;
    /** The operation within the handler's shape: ALU or shift number, condition code, register, segment. */
    int sub;
    /** Length in bytes, 1..15. */
    int len;
    /** Operand size in bytes of the v-sized operands: 2 or 4. */
    int size;
    boolean op32;
    boolean addr32;
    /** ModRM.reg, or the register of a +r opcode. */
    int reg;
    /** ModRM.rm when it names a register. */
    int rm;
    /** The E operand is in memory: base + (index << scale) + disp in segment seg; a missing base or index is {@link Cpu#NO_REG}. */
    boolean mem;
    int base;
    int index;
    int scale;
    int disp;
    /** Segment of the memory operand or string source: the default or the override. */
    int seg;
    int imm;
    /** The destination and source registers of a {@link Fast} handler. */
    int dst;
    int src;
    int imm2;
    /** 0, or the REP prefix byte (0xF3 REP/REPE, 0xF2 REPNE). */
    int rep;
    boolean endsBlock;
    /** Set when {@link Fusion} joined a Jcc to it: its own handler and length, and the Jcc's displacement. */
    Handler first;
    int firstLen;
    int jccImm;
    /** {@link #PURE}, {@link #NEAR} or {@link #FULL}. */
    int kind;
    /** Cache validity: the page generation it was decoded under, bit 0 the code size (CodeCache.stamp). */
    int gen;
}
