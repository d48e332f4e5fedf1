/**
 * The command line, in QEMU's spelling ({@code qemu-system-i386(1)}): the options j386 knows, the
 * serial console on the terminal with QEMU's Ctrl-A keys, and one-line error messages. Nothing in
 * the emulator core depends on this package.
 */
package org.j386.cli;
