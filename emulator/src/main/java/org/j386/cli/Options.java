package org.j386.cli;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.j386.machine.GuestLog;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.VirtualClock;

/**
 * The parsed command line. Options take QEMU's names and forms; {@code --opt} is accepted for
 * {@code -opt}, as QEMU does.
 */
final class Options {
    /** QEMU's largest {@code -icount shift}. */
    static final int MAX_ICOUNT_SHIFT = 10;
    /** The first port of {@code -debugcon}'s isa-debugcon. */
    static final int DEBUGCON_PORT = 0xE9;

    /** An isa-debugcon: its port and where its bytes go. */
    record DebugCon(int port, CharSpec dev) { }

    String kernel;
    String append;
    String initrd;
    String bios;
    long ramBytes = MachineConfig.DEFAULT_RAM;
    String ramText = "128";
    /** COM1..COM4 in order, Kind.NONE for no port at that index; empty: the default. */
    final List<CharSpec> serials = new ArrayList<>();
    /** {@code -monitor}; null: the default. */
    CharSpec monitor;
    boolean monitorNone;
    final List<DebugCon> debugcons = new ArrayList<>();
    final Map<String, CharSpec> chardevs = new LinkedHashMap<>();
    boolean nographic;
    boolean noReboot;
    boolean noShutdown;
    boolean startStopped;
    /** {@code -gdb DEV} or {@code -s}; null: no debugger. */
    String gdb;
    MachineConfig.PortRange debugExit;
    final Set<GuestLog.Item> logItems = EnumSet.noneOf(GuestLog.Item.class);
    String logFile;
    long nsPerInstruction = VirtualClock.NS_PER_INSTRUCTION;
    long rtcEpochSeconds = MachineConfig.DEFAULT_RTC_EPOCH_SECONDS;
    boolean rtcHostClock;
    boolean help;
    boolean logHelp;

    static final String USAGE = String.join("\n",
            "usage: j386 -kernel FILE [options]",
            "       j386 -bios FILE [options]",
            "",
            "A 486 PC like qemu-system-i386 -M isapc; the kernel is booted the Multiboot way.",
            "",
            "Boot:",
            "  -kernel FILE        Multiboot kernel (ELF32, or a.out-kludge image) to boot",
            "  -append TEXT        kernel command line after the file name",
            "  -initrd 'F [ARGS],F2'  Multiboot modules; ',,' is a literal comma",
            "  -bios FILE          a ROM image (a multiple of 64 KiB) at the top of 4 GiB and its last 128 KiB",
            "                      below 1 MiB, read-only; the 486 starts at F000:FFF0 in its reset state and",
            "                      nothing is loaded (no -kernel then)",
            "  -m SIZE             guest RAM: 256, 256M, 1G or size=256 (MiB unless suffixed; default 128)",
            "",
            "Devices (DEV: null, stdio, file:PATH, tcp:[HOST]:PORT,server[,nowait], telnet:[HOST]:PORT,server,",
            "chardev:ID):",
            "  -serial DEV         COM1 (0x3f8, IRQ 4); a second -serial adds COM2 (0x2f8, IRQ 3),",
            "                      a third COM3 (0x3e8, IRQ 4), a fourth COM4 (0x2e8, IRQ 3). Default: COM1 on stdio.",
            "                      -serial none: no port for that -serial (none alone: no serial port at all);",
            "                      mon:stdio shares stdio with the monitor (Ctrl-A c switches)",
            "  -monitor DEV        the monitor (help lists its commands); -monitor none for none",
            "  -debugcon DEV       isa-debugcon at port 0xe9: bytes the guest writes there go to DEV",
            "  -chardev null|stdio,id=ID    -chardev file,id=ID,path=FILE",
            "  -chardev socket,id=ID,port=N[,host=H],server=on[,wait=off][,telnet=on]",
            "                      a character device for -device and chardev:ID",
            "  -device isa-debug-exit[,iobase=0xf4][,iosize=0x04]",
            "                      a write of v to the port ends j386 with exit status (v << 1) | 1",
            "  -device isa-debugcon[,iobase=0xe9],chardev=ID",
            "  -nographic          COM1 and the monitor on this terminal (Ctrl-A h lists the keys, Ctrl-A c",
            "                      switches to the monitor and back, Ctrl-A x quits)",
            "  -display none       accepted for QEMU compatibility (j386 has no display)",
            "  -M isapc            the only machine j386 has (accepted for QEMU compatibility)",
            "",
            "Running:",
            "  -S                  start stopped: the guest waits for the monitor's cont (with -gdb, for the",
            "                      debugger's continue)",
            "  -s                  the same as -gdb tcp::1234",
            "  -gdb tcp:[HOST]:PORT  wait for gdb on PORT (HOST defaults to 127.0.0.1)",
            "  -no-reboot          a reset or triple fault shuts the machine down instead of rebooting it",
            "  -no-shutdown        on a guest shutdown stay, stopped, with the monitor usable (isa-debug-exit",
            "                      still exits)",
            "  -icount shift=N     2^N ns of machine time per instruction, N = 0.." + MAX_ICOUNT_SHIFT
                    + " (default: 10 ns, between",
            "                      shift=3 and shift=4); time never follows the host unless -rtc clock=host",
            "  -rtc [base=utc|localtime|DATE][,clock=vm|host]",
            "                      what the RTC reads at power-on (default: 2000-01-01T00:00:00, not QEMU's",
            "                      base=utc, so runs are reproducible; DATE is 2006-06-17T16:01:21 or",
            "                      2006-06-17) and whether machine time is virtual (vm, the default) or the",
            "                      host's clock (host: guest time is wall time; runs are no longer reproducible)",
            "",
            "Logging:",
            "  -d ITEM[,ITEM]      log int (interrupts, QEMU's format), cpu_reset, mmu (page faults),",
            "                      guest_errors (writes nothing takes), in_asm (each block's instructions when",
            "                      decoded), exec (each block run), in QEMU's formats; -d help lists them",
            "  -D FILE             the -d log goes to FILE instead of stderr",
            "",
            "  -h, --help          this text",
            "",
            "Set J386_DEBUG=1 to get stack traces of internal errors.");

    /** QEMU's -d items j386 does not implement, so they are refused rather than ignored. */
    private static final Set<String> QEMU_LOG_ITEMS = Set.of("out_asm", "op", "op_opt", "op_ind",
            "cpu", "fpu", "pcall", "unimp", "page", "nochain", "plugin", "strace", "tid", "invalid_mem");

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
                case "-bios" -> o.bios = value(args, ++i, a);
                case "-m" -> o.setRam(value(args, ++i, a));
                case "-serial" -> o.addSerial(value(args, ++i, a));
                case "-monitor" -> o.setMonitor(value(args, ++i, a));
                case "-debugcon" -> o.debugcons.add(new DebugCon(DEBUGCON_PORT, CharSpec.parse(a, value(args, ++i, a), false)));
                case "-chardev" -> o.addChardev(value(args, ++i, a));
                case "-nographic" -> o.nographic = true;
                case "-no-reboot" -> o.noReboot = true;
                case "-no-shutdown" -> o.noShutdown = true;
                case "-S" -> o.startStopped = true;
                case "-s" -> o.gdb = "tcp::1234";
                case "-gdb" -> o.gdb = value(args, ++i, a);
                case "-icount" -> o.setIcount(value(args, ++i, a));
                case "-rtc" -> o.setRtc(value(args, ++i, a));
                case "-d" -> o.setLogItems(value(args, ++i, a));
                case "-D" -> o.logFile = value(args, ++i, a);
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
        if (o.help || o.logHelp) {
            return o;
        }
        if (o.kernel == null && o.bios == null) {
            throw new UsageException("no kernel: give one with -kernel FILE (j386 --help lists the options)");
        }
        if (o.kernel != null && o.bios != null) {
            throw new UsageException("-kernel with -bios: j386 boots a kernel the Multiboot way without a BIOS,"
                    + " and has no fw_cfg to hand it to one; give one of them");
        }
        if (o.bios != null && (o.append != null || o.initrd != null)) {
            throw new UsageException((o.append != null ? "-append" : "-initrd") + " with -bios: only a -kernel takes them");
        }
        o.resolveConsoles();
        return o;
    }

    /**
     * QEMU's defaults (vl.c): -nographic puts COM1 and the monitor together on stdio (mon:stdio)
     * when neither is given, else whichever is not given goes to stdio alone. Without it, COM1
     * defaults to stdio (j386 has no graphical console) and there is no monitor.
     */
    private void resolveConsoles() throws UsageException {
        boolean defaultSerial = serials.isEmpty();
        boolean defaultMonitor = monitor == null && !monitorNone;
        if (nographic) {
            if (defaultSerial && defaultMonitor) {
                serials.add(new CharSpec(CharSpec.Kind.MUX_STDIO, null, "mon:stdio"));
            } else {
                if (defaultSerial) {
                    serials.add(new CharSpec(CharSpec.Kind.STDIO, null, "stdio"));
                }
                if (defaultMonitor) {
                    monitor = new CharSpec(CharSpec.Kind.STDIO, null, "stdio");
                }
            }
        } else if (defaultSerial) {
            serials.add(new CharSpec(CharSpec.Kind.STDIO, null, "stdio"));
        }
        int stdio = 0;
        List<CharSpec> all = new ArrayList<>(serials);
        if (monitor != null) {
            all.add(monitor);
        }
        for (DebugCon d : debugcons) {
            all.add(d.dev());
        }
        all.addAll(chardevs.values());
        for (CharSpec c : all) {
            if (c.usesStdio()) {
                stdio++;
            }
        }
        boolean muxMonitor = false;
        for (CharSpec c : serials) {
            muxMonitor |= c.kind() == CharSpec.Kind.MUX_STDIO;
        }
        if (stdio > 1) {
            throw new UsageException((nographic ? "-nographic: " : "") + "cannot use stdio by multiple character devices"
                    + (nographic ? " (-nographic already puts the serial port or the monitor on stdio)" : ""));
        }
        if (muxMonitor && monitor != null) {
            throw new UsageException("-serial mon:stdio with -monitor " + monitor.text() + ": only one monitor");
        }
        for (CharSpec c : all) {
            if (c.kind() == CharSpec.Kind.CHARDEV && !chardevs.containsKey(c.path())) {
                throw new UsageException("chardev:" + c.path() + ": no -chardev with id=" + c.path());
            }
        }
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

    /** QEMU's -serial: each one is the next of isapc's four ports; none leaves that port out. */
    private void addSerial(String v) throws UsageException {
        if (serials.size() == Machine.SERIAL_PORTS) {
            throw new UsageException("-serial " + v + ": j386 has four serial ports (COM1-COM4, as QEMU's isapc)"
                    + " and all are already set");
        }
        serials.add(v.equals("none") ? new CharSpec(CharSpec.Kind.NONE, null, v) : CharSpec.parse("-serial", v, true));
    }

    private void setMonitor(String v) throws UsageException {
        if (monitor != null || monitorNone) {
            throw new UsageException("-monitor " + v + ": j386 has one monitor and it is already set");
        }
        if (v.equals("none")) {
            monitorNone = true;
            return;
        }
        monitor = CharSpec.parse("-monitor", v, false);
    }

    /** {@code -chardev BACKEND,id=ID[,...]} for the backends null, stdio, file and socket. */
    private void addChardev(String v) throws UsageException {
        String[] parts = v.split(",");
        String backend = parts[0];
        Map<String, String> props = new LinkedHashMap<>();
        for (int k = 1; k < parts.length; k++) {
            int eq = parts[k].indexOf('=');
            String key = eq < 0 ? parts[k] : parts[k].substring(0, eq);
            props.put(key, eq < 0 ? "on" : parts[k].substring(eq + 1));
        }
        String id = props.remove("id");
        if (id == null || id.isEmpty()) {
            throw new UsageException("-chardev " + v + ": needs id=ID");
        }
        if (chardevs.containsKey(id)) {
            throw new UsageException("-chardev " + v + ": duplicate id '" + id + "'");
        }
        CharSpec spec;
        switch (backend) {
            case "null", "stdio" -> spec = new CharSpec(backend.equals("null") ? CharSpec.Kind.NULL : CharSpec.Kind.STDIO,
                    null, v);
            case "file" -> {
                String path = props.remove("path");
                if (path == null || path.isEmpty()) {
                    throw new UsageException("-chardev " + v + ": file needs path=FILE");
                }
                spec = new CharSpec(CharSpec.Kind.FILE, path, v);
            }
            case "socket" -> {
                String port = props.remove("port");
                if (port == null) {
                    throw new UsageException("-chardev " + v + ": socket needs port=N");
                }
                String host = props.getOrDefault("host", "");
                props.remove("host");
                boolean telnet = "on".equals(props.remove("telnet"));
                StringBuilder tcp = new StringBuilder(telnet ? "telnet:" : "tcp:").append(host).append(':').append(port);
                for (String key : List.of("server", "wait", "nodelay")) {
                    String val = props.remove(key);
                    if (val != null) {
                        tcp.append(',').append(key).append('=').append(val);
                    }
                }
                spec = new CharSpec(CharSpec.Kind.SOCKET, null, tcp.toString());
            }
            default -> throw new UsageException("-chardev " + backend + ": unsupported backend; j386 knows null, stdio,"
                    + " file and socket");
        }
        if (!props.isEmpty()) {
            throw new UsageException("-chardev " + v + ": unknown property '" + props.keySet().iterator().next() + "'");
        }
        chardevs.put(id, spec);
    }

    /** {@code -icount [shift=]N}: 2^N ns per instruction. */
    private void setIcount(String v) throws UsageException {
        String n = v;
        for (String part : v.split(",")) {
            if (part.startsWith("shift=")) {
                n = part.substring(6);
            } else if (!part.equals(v)) {
                throw new UsageException("-icount " + v + ": only shift=N is supported, not '" + part + "'");
            }
        }
        if (n.equals("auto")) {
            throw new UsageException("-icount " + v + ": shift=auto is not supported (j386's time is exact: give shift=N)");
        }
        int shift;
        try {
            shift = Integer.parseInt(n);
        } catch (NumberFormatException e) {
            throw new UsageException("-icount " + v + ": shift must be a number from 0 to " + MAX_ICOUNT_SHIFT);
        }
        if (shift < 0 || shift > MAX_ICOUNT_SHIFT) {
            throw new UsageException("-icount " + v + ": shift must be a number from 0 to " + MAX_ICOUNT_SHIFT);
        }
        nsPerInstruction = 1L << shift;
    }

    /** {@code -rtc [base=utc|localtime|DATE][,clock=vm|host][,driftfix=none]}. */
    private void setRtc(String v) throws UsageException {
        for (String part : v.split(",")) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq);
            String val = eq < 0 ? part : part.substring(eq + 1);
            switch (key) {
                case "base" -> rtcEpochSeconds = rtcBase(v, val);
                case "clock" -> {
                    switch (val) {
                        case "vm" -> rtcHostClock = false;
                        case "host" -> rtcHostClock = true;
                        case "rt" -> throw new UsageException("-rtc " + v + ": clock=rt is not supported (vm or host)");
                        default -> throw new UsageException("-rtc " + v + ": invalid clock '" + val + "' (vm or host)");
                    }
                }
                case "driftfix" -> {
                    if (!val.equals("none")) {
                        throw new UsageException("-rtc " + v + ": only driftfix=none is supported");
                    }
                }
                default -> throw new UsageException("-rtc " + v + ": unknown property '" + part
                        + "' (base=utc|localtime|DATE, clock=vm|host)");
            }
        }
    }

    private static long rtcBase(String option, String val) throws UsageException {
        switch (val) {
            case "utc":
                return System.currentTimeMillis() / 1000;
            case "localtime":
                return LocalDateTime.now(ZoneId.systemDefault()).toEpochSecond(ZoneOffset.UTC);
            default:
                try {
                    LocalDateTime t = val.contains("T") ? LocalDateTime.parse(val)
                            : java.time.LocalDate.parse(val).atStartOfDay();
                    if (t.getYear() < 1970) {
                        throw new UsageException("-rtc " + option + ": the date must be 1970 or later");
                    }
                    return t.toEpochSecond(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    throw new UsageException("-rtc " + option + ": invalid date '" + val
                            + "' (valid forms: 2006-06-17T16:01:21 or 2006-06-17)");
                }
        }
    }

    /** {@code -d ITEM,...}, QEMU's names; {@code -d help} lists them. */
    private void setLogItems(String v) throws UsageException {
        for (String item : v.split(",")) {
            if (item.equals("help")) {
                logHelp = true;
                continue;
            }
            GuestLog.Item it = GuestLog.Item.byName(item);
            if (it != null) {
                logItems.add(it);
            } else if (QEMU_LOG_ITEMS.contains(item) || item.startsWith("trace:")) {
                throw new UsageException("-d " + item + ": not implemented by j386 (it logs " + logItemNames() + ")");
            } else {
                throw new UsageException("-d " + item + ": unknown log item (j386 logs " + logItemNames() + ")");
            }
        }
    }

    static String logItemNames() {
        StringBuilder b = new StringBuilder();
        for (GuestLog.Item i : GuestLog.Item.values()) {
            b.append(b.length() == 0 ? "" : ", ").append(i.qemuName);
        }
        return b.toString();
    }

    /** {@code -device isa-debug-exit[,iobase=N][,iosize=N]} or {@code isa-debugcon[,iobase=N],chardev=ID}. */
    private void setDevice(String v) throws UsageException {
        String[] parts = v.split(",");
        boolean exit = parts[0].equals("isa-debug-exit");
        if (!exit && !parts[0].equals("isa-debugcon")) {
            throw new UsageException("-device " + parts[0] + ": unknown device; j386 offers isa-debug-exit and isa-debugcon");
        }
        int base = exit ? org.j386.devices.IsaDebugExit.DEFAULT_IOBASE : DEBUGCON_PORT;
        int size = exit ? org.j386.devices.IsaDebugExit.DEFAULT_IOSIZE : 1;
        String chardev = null;
        for (int k = 1; k < parts.length; k++) {
            String p = parts[k];
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            String val = eq < 0 ? "" : p.substring(eq + 1);
            switch (key) {
                case "iobase" -> base = number(v, key, val);
                case "iosize" -> {
                    if (!exit) {
                        throw new UsageException("-device " + v + ": isa-debugcon has no property 'iosize'");
                    }
                    size = number(v, key, val);
                }
                case "chardev" -> {
                    if (exit) {
                        throw new UsageException("-device " + v + ": isa-debug-exit has no property 'chardev'");
                    }
                    chardev = val;
                }
                default -> throw new UsageException("-device " + v + ": " + parts[0] + " has no property '" + key + "'");
            }
        }
        if (size <= 0 || base + size > 0x10000) {
            throw new UsageException("-device " + v + ": ports outside the 64 KiB I/O space");
        }
        if (exit) {
            debugExit = new MachineConfig.PortRange(base, size);
        } else {
            if (chardev == null || chardev.isEmpty()) {
                throw new UsageException("-device " + v + ": isa-debugcon needs chardev=ID (a -chardev's id)");
            }
            debugcons.add(new DebugCon(base, new CharSpec(CharSpec.Kind.CHARDEV, chardev, "chardev:" + chardev)));
        }
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
