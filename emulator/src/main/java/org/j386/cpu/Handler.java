package org.j386.cpu;

/**
 * What executes one decoded instruction: {@link Dispatch#HANDLERS} holds one per handler
 * number, and the decoder stores it in {@link Insn#handler}. Each is a small class of its own, so
 * the JIT compiles each operand shape separately and the run loop reaches it with one virtual call.
 * EIP already points past the instruction when it runs.
 */
abstract class Handler {
    abstract void exec(Cpu c, Insn i);
}
