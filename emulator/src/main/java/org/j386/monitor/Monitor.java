package org.j386.monitor;

import java.util.Locale;

import org.j386.cpu.Cpu;
import org.j386.devices.DualPic;

/**
 * The command interpreter behind Ctrl-A c, {@code -monitor stdio} and {@code -monitor tcp:}.
 * It reads the guest's state only while the machine is stopped between instruction slices (the
 * machine calls {@link #execute} from its own thread), so output is consistent. Errors are one
 * line and change nothing: the guest keeps its state.
 */
public final class Monitor {
    /** What the monitor can ask of the machine. */
    public interface Control {
        void stop();

        void cont();

        boolean running();

        void systemReset();

        void quit();
    }

    public static final String PROMPT = "(j386) ";

    private static final String HELP = String.join("\n",
            "cont|c -- resume emulation",
            "help|? [cmd] -- show help",
            "info registers -- show the cpu registers",
            "info mem -- show the active virtual memory mappings",
            "info tlb -- show virtual to physical memory mappings (a walk of the page tables)",
            "info tlbcache -- show the software TLB's entries, marking those the page tables no longer back",
            "info pic -- show PIC state",
            "info irq -- show the interrupt statistics",
            "quit|q -- quit the emulator",
            "stop|s -- stop emulation",
            "system_reset -- reset the system",
            "x /fmt addr -- virtual memory dump starting at 'addr'",
            "xp /fmt addr -- physical memory dump starting at 'addr'",
            "");

    private final Cpu cpu;
    private final DualPic pic;
    private final Control control;
    private MemoryDump.Format lastFormat = MemoryDump.Format.DEFAULT;

    public Monitor(Cpu cpu, DualPic pic, Control control) {
        this.cpu = cpu;
        this.pic = pic;
        this.control = control;
    }

    /** Runs one command line and returns what it prints (empty for none), errors included. */
    public String execute(String line) {
        try {
            return run(line.trim());
        } catch (MonitorException e) {
            return e.getMessage() + "\n";
        }
    }

    private String run(String line) {
        if (line.isEmpty()) {
            return "";
        }
        String[] words = line.split("\\s+", 2);
        String cmd = words[0];
        String rest = words.length > 1 ? words[1].trim() : "";
        switch (cmd) {
            case "help", "?":
                return HELP;
            case "info":
                return info(rest);
            case "x", "xp":
                return examine(rest, cmd.equals("xp"));
            case "stop", "s":
                control.stop();
                return "";
            case "cont", "c":
                control.cont();
                return "";
            case "system_reset":
                control.systemReset();
                return "";
            case "quit", "q":
                control.quit();
                return "";
            default:
                throw new MonitorException("unknown command: '" + cmd + "'");
        }
    }

    private String info(String what) {
        switch (what) {
            case "registers":
                return "CPU#0\n" + RegisterDump.dump(cpu);
            case "mem":
                return PageTables.infoMem(cpu);
            case "tlb":
                return PageTables.infoTlb(cpu);
            case "tlbcache":
                return PageTables.infoTlbCache(cpu);
            case "pic":
                return pic.infoPic();
            case "irq":
                return pic.infoIrq();
            case "":
                throw new MonitorException("info: missing argument (registers, mem, tlb, tlbcache, pic, irq)");
            default:
                throw new MonitorException("info: unknown item '" + what + "'");
        }
    }

    private String examine(String args, boolean physical) {
        // Without /FMT, QEMU keeps the last format and unit size; the count goes back to 1.
        MemoryDump.Format f = new MemoryDump.Format(1, lastFormat.format(), lastFormat.size());
        String expr = args;
        if (args.startsWith("/")) {
            String[] parts = args.split("\\s+", 2);
            f = MemoryDump.Format.parse(parts[0], lastFormat);
            expr = parts.length > 1 ? parts[1] : "";
        }
        if (expr.isEmpty()) {
            throw new MonitorException("missing address");
        }
        long address = evaluate(expr);
        lastFormat = f;
        return MemoryDump.dump(cpu, address, f, physical);
    }

    /** Sums and differences of numbers (hex with 0x, else decimal) and $registers. */
    long evaluate(String expr) {
        long value = 0;
        int sign = 1;
        int i = 0;
        String s = expr.replace(" ", "");
        if (s.isEmpty()) {
            throw new MonitorException("missing address");
        }
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '+' || c == '-') {
                sign = c == '-' ? -1 : 1;
                i++;
                continue;
            }
            int j = i;
            while (j < s.length() && s.charAt(j) != '+' && s.charAt(j) != '-') {
                j++;
            }
            value += sign * term(s.substring(i, j));
            sign = 1;
            i = j;
        }
        return value & 0xFFFFFFFFL;
    }

    private long term(String t) {
        if (t.startsWith("$")) {
            return register(t.substring(1).toLowerCase(Locale.ROOT));
        }
        try {
            if (t.startsWith("0x") || t.startsWith("0X")) {
                return Long.parseLong(t.substring(2), 16);
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw new MonitorException("invalid number: '" + t + "'");
        }
    }

    private long register(String name) {
        String[] gprs = {"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"};
        for (int r = 0; r < gprs.length; r++) {
            if (gprs[r].equals(name)) {
                return cpu.reg(r) & 0xFFFFFFFFL;
            }
        }
        String[] segs = {"es", "cs", "ss", "ds", "fs", "gs"};
        for (int s = 0; s < segs.length; s++) {
            if (segs[s].equals(name)) {
                return cpu.segSelector(s);
            }
        }
        return switch (name) {
            case "eip", "pc" -> cpu.eip() & 0xFFFFFFFFL;
            case "eflags" -> cpu.eflags() & 0xFFFFFFFFL;
            case "cr0" -> cpu.cr(0) & 0xFFFFFFFFL;
            case "cr2" -> cpu.cr(2) & 0xFFFFFFFFL;
            case "cr3" -> cpu.cr(3) & 0xFFFFFFFFL;
            case "cr4" -> cpu.cr(4) & 0xFFFFFFFFL;
            default -> throw new MonitorException("unknown register: '$" + name + "'");
        };
    }
}
