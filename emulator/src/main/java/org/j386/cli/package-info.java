/**
 * The command line, in QEMU's spelling ({@code qemu-system-i386(1)}): the options j386 knows, its
 * character devices (stdio, files, TCP through {@code org.j386.chardev}), the serial console on
 * the terminal with QEMU's Ctrl-A keys, the monitor on stdio, the terminal or a socket, the gdb
 * stub wired to the machine, and one-line error messages. {@link org.j386.cli.RunControl} decides
 * when the machine runs and lets monitor commands in between two slices. Nothing in the emulator
 * core depends on this package.
 */
package org.j386.cli;
