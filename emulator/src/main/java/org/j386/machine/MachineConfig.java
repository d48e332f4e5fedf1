package org.j386.machine;

/**
 * What to build and boot, in QEMU's terms.
 *
 * @param ramBytes         guest RAM ({@code -m}), a positive multiple of 8 KiB below 2 GiB
 * @param kernelPath       {@code -kernel}, exactly as given: it starts the kernel's command line;
 *                         null only with {@code biosPath}
 * @param append           {@code -append}, or null
 * @param initrd           {@code -initrd} (comma-separated modules, {@code ,,} for a literal comma), or null
 * @param noReboot         {@code -no-reboot}: a reset (triple fault, keyboard-controller or port-0x92
 *                         reset) shuts the machine down instead of rebooting
 * @param debugExit        {@code -device isa-debug-exit,iobase=...,iosize=...}, or null
 * @param biosPath         {@code -bios}: a ROM image the processor starts in from its reset state
 *                         (no Multiboot loading then), or null
 * @param noShutdown       {@code -no-shutdown}: a guest shutdown (a reset under {@code -no-reboot},
 *                         the Bochs shutdown port) stops the machine instead of ending the run;
 *                         isa-debug-exit still ends it, as in QEMU
 * @param rtcEpochSeconds  {@code -rtc base=}: what the RTC reads at machine time 0, in seconds
 *                         since 1970-01-01 00:00:00 (as the RTC's registers show it: UTC, or local
 *                         time for {@code base=localtime})
 * @param hostClock        {@code -rtc clock=host}: machine time follows the host's monotonic clock
 *                         instead of the retired instructions; runs are no longer reproducible
 * @param nsPerInstruction {@code -icount shift=N}: machine time per retired instruction (2^N ns)
 */
public record MachineConfig(long ramBytes, String kernelPath, String append, String initrd, boolean noReboot,
                            PortRange debugExit, String biosPath, boolean noShutdown, long rtcEpochSeconds,
                            boolean hostClock, long nsPerInstruction) {

    /** QEMU's default {@code -m}: 128 MiB. */
    public static final long DEFAULT_RAM = 128L << 20;
    /** QEMU rounds {@code -m} up to a multiple of 8 KiB. */
    public static final long RAM_ALIGN = 8 << 10;
    /** The largest RAM one Java byte array holds, rounded down to {@link #RAM_ALIGN}. */
    public static final long MAX_RAM = Integer.MAX_VALUE & ~(RAM_ALIGN - 1);
    /** The loader needs memory above 1 MiB for the kernel; QEMU's BIOS needs at least this too. */
    public static final long MIN_RAM = 2L << 20;
    /** The RTC's time at power-on: 2000-01-01 00:00:00 UTC, the same fixed start as the project's Bochs setup. */
    public static final long DEFAULT_RTC_EPOCH_SECONDS = 946_684_800L;

    /** An I/O port range. */
    public record PortRange(int base, int size) { }

    public MachineConfig {
        if (ramBytes < MIN_RAM || ramBytes > MAX_RAM || ramBytes % RAM_ALIGN != 0) {
            throw new IllegalArgumentException("MachineConfig: RAM size " + ramBytes);
        }
        if (kernelPath == null && biosPath == null) {
            throw new IllegalArgumentException("MachineConfig: no kernel and no BIOS");
        }
        if (kernelPath != null && biosPath != null) {
            throw new IllegalArgumentException("MachineConfig: a kernel is booted the Multiboot way, without a BIOS");
        }
        if (nsPerInstruction <= 0) {
            throw new IllegalArgumentException("MachineConfig: " + nsPerInstruction + " ns per instruction");
        }
    }

    /** A Multiboot boot with the deterministic defaults: the fixed RTC date, virtual time at 10 ns per instruction. */
    public MachineConfig(long ramBytes, String kernelPath, String append, String initrd, boolean noReboot,
                         PortRange debugExit) {
        this(ramBytes, kernelPath, append, initrd, noReboot, debugExit, null, false, DEFAULT_RTC_EPOCH_SECONDS,
                false, VirtualClock.NS_PER_INSTRUCTION);
    }

    /** A machine like {@code qemu-system-i386 -M isapc -kernel PATH -no-reboot} with isa-debug-exit at 0xf4. */
    public static MachineConfig forTest(String kernelPath, String append, long ramBytes) {
        return new MachineConfig(ramBytes, kernelPath, append, null, true, new PortRange(0xF4, 4));
    }
}
