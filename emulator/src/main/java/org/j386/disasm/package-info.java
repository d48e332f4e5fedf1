/**
 * A disassembler for the 386/486 integer instructions j386 executes, generated from the opcode table
 * ({@link org.j386.cpu.OpcodeTable}, the same rows the decoder and dispatcher read), printing what
 * QEMU 7.2 prints: capstone 4.0.2's AT&amp;T syntax in QEMU's line layout ({@code disas/capstone.c},
 * {@code cap_dump_insn}). It decodes 16- and 32-bit code: the 66/67 prefixes, segment overrides,
 * REP/REPNE/LOCK, every ModRM and SIB form (SDM Vol. 2A tables 2-1 to 2-3), immediates, relative
 * targets as absolute addresses, far pointers; x87 escapes by SDM Vol. 2 Appendix A.4.
 *
 * <p>What it leaves out: opcodes the table does not hold (SSE, CMOV, ...) and encodings the table
 * marks invalid print as capstone's skipped data, {@code .byte 0xNN} for the first byte. Where
 * capstone 4 departs from the SDM (a wrong operand size, target or refusal), j386 follows the SDM;
 * {@code CapstoneDifferentialTest} lists those departures with their reasons.
 */
package org.j386.disasm;
