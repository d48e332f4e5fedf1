/**
 * Loading a kernel the way {@code qemu-system-i386 -kernel} does: the Multiboot Specification
 * 0.6.96 (header in section 3.1, machine state in 3.2, information structure in 3.3), ELF32
 * program headers (System V ABI, "Program Loading"), and the exact layout QEMU 7.2 produces
 * (hw/i386/multiboot.c plus its option ROM pc-bios/optionrom/multiboot.S), so that a kernel sees
 * the same addresses and values on both machines.
 *
 * <p>Left out: Linux bzImage and PVH ELF-note boots, Multiboot video modes (QEMU ignores them too),
 * ELF symbol tables (flag bit 5 of the information structure, which QEMU never sets).
 */
package org.j386.boot;
