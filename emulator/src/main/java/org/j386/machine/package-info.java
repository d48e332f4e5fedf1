/**
 * The PC wired together, as QEMU's {@code -M isapc} (hw/i386/pc_piix.c, isapc_machine_init): RAM,
 * the 486 processor, the ISA devices at their usual ports (COM2 and debug consoles when asked
 * for), the kernel loaded the Multiboot way or a {@code -bios} ROM run from the reset vector, the
 * run loop that advances processor and timers on one virtual clock, and QEMU's {@code -d} log.
 *
 * <p>Nothing here reads the host clock on the guest-visible path unless {@code -rtc clock=host}
 * asks for it: time is retired instructions plus the idle time skipped while the processor
 * halts, so a run is the same every time for the same input. Left out: PCI, VGA, disks, QEMU's
 * own BIOS (without {@code -bios} the loader puts the machine in the state QEMU's BIOS and option
 * ROM leave it in), fw_cfg.
 */
package org.j386.machine;
