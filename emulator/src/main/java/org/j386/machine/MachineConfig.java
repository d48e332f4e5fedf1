package org.j386.machine;

/**
 * What to build and boot, in QEMU's terms.
 *
 * @param ramBytes   guest RAM ({@code -m}), a positive multiple of 8 KiB below 2 GiB
 * @param kernelPath {@code -kernel}, exactly as given: it starts the kernel's command line
 * @param append     {@code -append}, or null
 * @param initrd     {@code -initrd} (comma-separated modules, {@code ,,} for a literal comma), or null
 * @param noReboot   {@code -no-reboot}: a reset (triple fault, keyboard-controller or port-0x92
 *                   reset) stops the machine with status 0 instead of rebooting
 * @param debugExit  {@code -device isa-debug-exit,iobase=...,iosize=...}, or null
 */
public record MachineConfig(long ramBytes, String kernelPath, String append, String initrd, boolean noReboot,
                            PortRange debugExit) {

    /** QEMU's default {@code -m}: 128 MiB. */
    public static final long DEFAULT_RAM = 128L << 20;
    /** QEMU rounds {@code -m} up to a multiple of 8 KiB. */
    public static final long RAM_ALIGN = 8 << 10;
    /** The largest RAM one Java byte array holds, rounded down to {@link #RAM_ALIGN}. */
    public static final long MAX_RAM = Integer.MAX_VALUE & ~(RAM_ALIGN - 1);
    /** The loader needs memory above 1 MiB for the kernel; QEMU's BIOS needs at least this too. */
    public static final long MIN_RAM = 2L << 20;

    /** An I/O port range. */
    public record PortRange(int base, int size) { }

    public MachineConfig {
        if (ramBytes < MIN_RAM || ramBytes > MAX_RAM || ramBytes % RAM_ALIGN != 0) {
            throw new IllegalArgumentException("MachineConfig: RAM size " + ramBytes);
        }
        if (kernelPath == null) {
            throw new IllegalArgumentException("MachineConfig: no kernel");
        }
    }

    /** A machine like {@code qemu-system-i386 -M isapc -kernel PATH -no-reboot} with isa-debug-exit at 0xf4. */
    public static MachineConfig forTest(String kernelPath, String append, long ramBytes) {
        return new MachineConfig(ramBytes, kernelPath, append, null, true, new PortRange(0xF4, 4));
    }
}
