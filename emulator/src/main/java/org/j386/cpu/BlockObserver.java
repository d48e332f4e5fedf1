package org.j386.cpu;

/**
 * Told of every block before it runs: QEMU's {@code -d in_asm} and {@code -d exec} logs (the
 * machine's GuestLog) listen here. While an observer is set, a block ends at every instruction
 * the opcode table marks "end" (no chaining across near branches), so each block the log shows
 * is one the run loop entered from the top. Called on the emulator thread with CS:EIP at the
 * block's first instruction.
 */
@FunctionalInterface
public interface BlockObserver {
    /**
     * @param linear the linear address of the first instruction (CS base + EIP)
     * @param cached its decoded form was already in the code cache (QEMU: a translation block found,
     *               not translated); false when the block is about to be decoded
     */
    void beforeBlock(Cpu cpu, int linear, boolean cached);
}
