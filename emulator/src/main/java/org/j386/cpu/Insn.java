package org.j386.cpu;

/**
 * One decoded instruction, reused: the decoder fills it once and {@link CodeCache} keeps it in the
 * slot of its first byte's physical page offset until the page is written.
 */
final class Insn {
    /** Handler: a {@link Dispatch} constant. */
    int op;
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
    int imm2;
    /** 0, or the REP prefix byte (0xF3 REP/REPE, 0xF2 REPNE). */
    int rep;
    boolean endsBlock;
    /** A near jump, call or return (CS unchanged): the block may go on at its target on the same page. */
    boolean nearTransfer;
    /** Cache validity: the code size (CS.D) and the page generation it was decoded under. */
    boolean code32;
    int gen;
}
