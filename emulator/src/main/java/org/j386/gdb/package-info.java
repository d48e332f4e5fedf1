/**
 * The GDB remote serial protocol stub (GDB manual, appendix E "GDB Remote Serial Protocol"),
 * answering gdb 13.1 as QEMU 7.2's gdbstub does: the same {@code qSupported} features, the same
 * i386 target description and register numbering, thread ids {@code p01.01}, stop replies
 * {@code T05thread:p01.01;}, memory at linear addresses (no segment base added to EIP).
 *
 * <p>{@link org.j386.gdb.GdbServer} is the TCP side (Netty); {@link org.j386.gdb.GdbStub} turns
 * packets into calls on a {@link org.j386.gdb.DebugTarget}; {@link org.j386.gdb.CpuDebugTarget}
 * is the target over the processor, which runs the guest on the emulator thread and keeps
 * breakpoints and watchpoints out of guest-visible memory.
 *
 * <p>Left out: read and access watchpoints ({@code Z3}, {@code Z4}, answered as unsupported: seeing
 * reads needs an MMU hook), x87/SSE state (j386's 486 has no FPU: those registers read as QEMU's
 * reset values and accept only those values), non-stop mode, tracepoints, file I/O.
 */
package org.j386.gdb;
