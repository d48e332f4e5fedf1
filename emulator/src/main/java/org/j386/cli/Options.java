package org.j386.cli;

import java.math.BigDecimal;
import java.util.Locale;

import org.j386.machine.MachineConfig;

/**
 * The parsed command line. Options take QEMU's names and forms; {@code --opt} is accepted for
 * {@code -opt}, as QEMU does.
 */
final class Options {
    /** Where COM1 goes: {@code -serial stdio | null | file:PATH}. */
    enum SerialKind { STDIO, NULL, FILE }

    String kernel;
    String append;
    String initrd;
    long ramBytes = MachineConfig.DEFAULT_RAM;
    String ramText = "128";
    SerialKind serial;
    String serialFile;
    boolean nographic;
    boolean noReboot;
    MachineConfig.PortRange debugExit;
    boolean help;

    static final String USAGE = String.join("\n",
            "usage: j386 -kernel FILE [options]",
            "",
            "A 486 PC like qemu-system-i386 -M isapc; the kernel is booted the Multiboot way.",
            "",
            "  -kernel FILE        Multiboot kernel (ELF32, or a.out-kludge image) to boot",
            "  -append TEXT        kernel command line after the file name",
            "  -initrd 'F [ARGS],F2'  Multiboot modules; ',,' is a literal comma",
            "  -m SIZE             guest RAM: 256, 256M, 1G or size=256 (MiB unless suffixed; default 128)",
            "  -serial DEV         COM1: stdio, null or file:PATH (default stdio)",
            "  -nographic          serial console on this terminal; Ctrl-A h lists the keys, Ctrl-A x quits",
            "  -display none       accepted for QEMU compatibility (j386 has no display)",
            "  -no-reboot          exit with status 0 instead of rebooting on a reset or triple fault",
            "  -device isa-debug-exit[,iobase=0xf4][,iosize=0x04]",
            "                      a write of v to the port ends j386 with exit status (v << 1) | 1",
            "  -M isapc            the only machine j386 has (accepted for QEMU compatibility)",
            "  -h, --help          this text",
            "",
            "Set J386_DEBUG=1 to get stack traces of internal errors.");

    static Options parse(String[] args) throws UsageException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help") || a.equals("-help")) {
                o.help = true;
                continue;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                throw new UsageException("unexpected argument '" + a + "' (the kernel is given with -kernel FILE)");
            }
            String name = a.startsWith("--") ? a.substring(1) : a;
            switch (name) {
                case "-kernel" -> o.kernel = value(args, ++i, a);
                case "-append" -> o.append = value(args, ++i, a);
                case "-initrd" -> o.initrd = value(args, ++i, a);
                case "-m" -> o.setRam(value(args, ++i, a));
                case "-serial" -> o.setSerial(value(args, ++i, a));
                case "-nographic" -> o.nographic = true;
                case "-no-reboot" -> o.noReboot = true;
                case "-display" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("none")) {
                        throw new UsageException("-display " + v + ": j386 has no display; only -display none is accepted");
                    }
                }
                case "-M", "-machine" -> {
                    String v = value(args, ++i, a);
                    if (!v.equals("isapc") && !v.startsWith("isapc,") && !v.equals("type=isapc")) {
                        throw new UsageException(a + " " + v + ": j386 emulates only the isapc machine");
                    }
                }
                case "-device" -> o.setDevice(value(args, ++i, a));
                default -> throw new UsageException(a + ": unknown option (j386 --help lists the options)");
            }
        }
        if (o.help) {
            return o;
        }
        if (o.kernel == null) {
            throw new UsageException("no kernel: give one with -kernel FILE (j386 --help lists the options)");
        }
        if (o.nographic && o.serial == SerialKind.STDIO) {
            throw new UsageException("-nographic -serial stdio: cannot use stdio by multiple character devices"
                    + " (-nographic already puts the serial port on stdio)");
        }
        if (o.serial == null) {
            // j386 has no graphical console to put COM1 on, so it goes to the terminal.
            o.serial = SerialKind.STDIO;
        }
        return o;
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs an argument");
        }
        return args[i];
    }

    /** QEMU's {@code -m [size=]N[suffix]}: MiB by default, suffixes K, M, G, T (any case), fractions allowed. */
    private void setRam(String text) throws UsageException {
        String v = text.startsWith("size=") ? text.substring(5) : text;
        int comma = v.indexOf(',');
        if (comma >= 0) {
            throw new UsageException("-m " + text + ": only the size is supported, not slots or maxmem");
        }
        long unit = 1L << 20;
        String num = v;
        if (!v.isEmpty()) {
            char s = Character.toUpperCase(v.charAt(v.length() - 1));
            int shift = switch (s) {
                case 'B' -> 0;
                case 'K' -> 10;
                case 'M' -> 20;
                case 'G' -> 30;
                case 'T' -> 40;
                default -> -1;
            };
            if (shift >= 0) {
                unit = 1L << shift;
                num = v.substring(0, v.length() - 1);
            }
        }
        BigDecimal size;
        try {
            size = new BigDecimal(num).multiply(BigDecimal.valueOf(unit));
        } catch (NumberFormatException e) {
            throw new UsageException("-m " + text + ": not a size (examples: 256, 256M, 1G, size=256)");
        }
        if (size.signum() <= 0) {
            throw new UsageException("-m " + text + ": RAM size must be positive");
        }
        if (size.compareTo(BigDecimal.valueOf(MachineConfig.MAX_RAM)) > 0) {
            throw new UsageException(String.format(Locale.ROOT,
                    "-m %s: too much RAM; j386 supports at most %d MiB", text, MachineConfig.MAX_RAM >> 20));
        }
        long bytes = size.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        // QEMU rounds the RAM size up to a multiple of 8 KiB.
        bytes = (bytes + MachineConfig.RAM_ALIGN - 1) / MachineConfig.RAM_ALIGN * MachineConfig.RAM_ALIGN;
        if (bytes < MachineConfig.MIN_RAM) {
            throw new UsageException("-m " + text + ": too little RAM; the kernel loads at 1 MiB and j386 needs at least "
                    + (MachineConfig.MIN_RAM >> 20) + " MiB");
        }
        if (bytes > MachineConfig.MAX_RAM) {
            throw new UsageException("-m " + text + ": too much RAM; j386 supports at most "
                    + (MachineConfig.MAX_RAM >> 20) + " MiB");
        }
        ramBytes = bytes;
        ramText = text;
    }

    private void setSerial(String v) throws UsageException {
        if (serial != null) {
            throw new UsageException("-serial " + v + ": j386 has one serial port (COM1) and it is already set");
        }
        if (v.equals("stdio")) {
            serial = SerialKind.STDIO;
        } else if (v.equals("null")) {
            serial = SerialKind.NULL;
        } else if (v.startsWith("file:") && v.length() > 5) {
            serial = SerialKind.FILE;
            serialFile = v.substring(5);
        } else {
            throw new UsageException("-serial " + v + ": unsupported; j386 knows stdio, null and file:PATH");
        }
    }

    /** {@code -device isa-debug-exit[,iobase=N][,iosize=N]}; numbers in C notation as QEMU takes them. */
    private void setDevice(String v) throws UsageException {
        String[] parts = v.split(",");
        if (!parts[0].equals("isa-debug-exit")) {
            throw new UsageException("-device " + parts[0] + ": unknown device; j386 offers only isa-debug-exit");
        }
        int base = org.j386.devices.IsaDebugExit.DEFAULT_IOBASE;
        int size = org.j386.devices.IsaDebugExit.DEFAULT_IOSIZE;
        for (int k = 1; k < parts.length; k++) {
            String p = parts[k];
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String val = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "iobase" -> base = number(v, key, val);
                case "iosize" -> size = number(v, key, val);
                default -> throw new UsageException("-device " + v + ": isa-debug-exit has no property '" + key + "'");
            }
        }
        if (size <= 0 || base + size > 0x10000) {
            throw new UsageException("-device " + v + ": ports outside the 64 KiB I/O space");
        }
        debugExit = new MachineConfig.PortRange(base, size);
    }

    private static int number(String device, String key, String val) throws UsageException {
        try {
            long n = val.startsWith("0x") || val.startsWith("0X") ? Long.parseLong(val.substring(2), 16)
                    : val.length() > 1 && val.startsWith("0") ? Long.parseLong(val.substring(1), 8)
                    : Long.parseLong(val);
            if (n < 0 || n > 0xFFFF) {
                throw new NumberFormatException();
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw new UsageException("-device " + device + ": " + key + "=" + val + " is not a port number");
        }
    }
}
