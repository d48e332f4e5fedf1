/**
 * The PC wired together, as QEMU's {@code -M isapc} (hw/i386/pc_piix.c, isapc_machine_init): RAM,
 * the 486 processor, the ISA devices at their usual ports, the kernel loaded the Multiboot way,
 * and the run loop that advances processor and timers on one virtual clock.
 *
 * <p>Nothing here reads the host clock on the guest-visible path: time is retired instructions
 * plus the idle time skipped while the processor halts, so a run is the same every time for the
 * same input. Left out: PCI, VGA, disks, the BIOS itself (the loader puts the machine in the
 * state QEMU's BIOS and option ROM leave it in).
 */
package org.j386.machine;
