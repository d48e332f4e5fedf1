package org.j386.disasm;

/**
 * One disassembled instruction.
 *
 * @param address   linear address of its first byte
 * @param bytes     its encoding, prefixes included
 * @param mnemonic  capstone's AT&amp;T mnemonic, prefixes such as {@code rep} or {@code lock} included
 * @param operands  the operands in AT&amp;T order, empty when there are none
 * @param valid     the opcode table holds it; false for {@code .byte} (one byte of skipped data)
 * @param endsBlock j386's decoder ends a block here: the table marks it "end", it is a REP string
 *                  instruction (it may restart itself), or it is invalid (#UD)
 * @param repString a string instruction with a REP or REPNE prefix
 */
public record Instruction(int address, byte[] bytes, String mnemonic, String operands, boolean valid,
                          boolean endsBlock, boolean repString) {
    public int length() {
        return bytes.length;
    }

    /** Mnemonic and operands as one line of assembly. */
    public String text() {
        return operands.isEmpty() ? mnemonic : mnemonic + " " + operands;
    }
}
