package org.j386.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.j386.bench.GuestImages;

/**
 * bench-compare's results and their two renderings: a text table and JSON. Net time is a
 * workload's median wall time less the null guest's median on the same emulator; a minikernel
 * program's time is measured from its first loop, so nothing is subtracted.
 */
record Report(int runs, String loadBefore, String loadAfter, Map<Emulator, Stats> startup,
              List<Compare.Row> rows, List<Compare.ProgramRow> programs, Map<Emulator, Stats> rssMib) {

    /** Loops per second of a minikernel program, from the median time. */
    double loopsPerSecond(Compare.ProgramRow p, Emulator e) {
        return p.program().loops() / p.seconds().get(e).median();
    }

    /** j386's median time for the program's loops over QEMU's. */
    double ratio(Compare.ProgramRow p) {
        return p.seconds().get(Emulator.J386).median() / p.seconds().get(Emulator.QEMU).median();
    }

    double net(Compare.Row row, Emulator e) {
        return row.wall().get(e).median() - startup.get(e).median();
    }

    /** j386's net time over QEMU's. */
    double ratio(Compare.Row row) {
        return net(row, Emulator.J386) / net(row, Emulator.QEMU);
    }

    double mips(Compare.Row row, Emulator e) {
        return row.instructions() / net(row, e) / 1e6;
    }

    int rssTargetMib() {
        return Compare.RAM_MIB + Compare.RSS_OVERHEAD_TARGET_MIB;
    }

    boolean rssWithinTarget() {
        return rssMib.get(Emulator.J386).max() <= rssTargetMib();
    }

    String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "bench-compare: %d runs each; load average before %s, after %s%n",
                runs, loadBefore, loadAfter));
        b.append(String.format(Locale.ROOT, "%-10s %-16s %8s %8s %8s %8s %9s %8s%n",
                "workload", "emulator", "min s", "median s", "max s", "net s", "MIPS", "j386/QEMU"));
        for (Emulator e : Emulator.values()) {
            Stats s = startup.get(e);
            b.append(String.format(Locale.ROOT, "%-10s %-16s %8.3f %8.3f %8.3f %8s %9s%n",
                    GuestImages.NULL, e.label, s.min(), s.median(), s.max(), "-", "-"));
        }
        for (Compare.Row row : rows) {
            for (Emulator e : Emulator.values()) {
                Stats s = row.wall().get(e);
                b.append(String.format(Locale.ROOT, "%-10s %-16s %8.3f %8.3f %8.3f %8.3f %9.1f",
                        row.workload().name(), e.label, s.min(), s.median(), s.max(), net(row, e), mips(row, e)));
                b.append(e == Emulator.J386 ? String.format(Locale.ROOT, " %8.1f%n", ratio(row)) : "\n");
            }
            if (row.workload().name().equals(GuestImages.PAGEFAULT)) {
                b.append(String.format(Locale.ROOT, "%-10s round trips/s: j386 %.0f, QEMU %.0f%n", "",
                        roundTripsPerSecond(row, Emulator.J386), roundTripsPerSecond(row, Emulator.QEMU)));
            }
        }
        b.append(String.format(Locale.ROOT, "minikernel programs (seconds for N loops after the first; loops/s from the median):%n"));
        b.append(String.format(Locale.ROOT, "%-10s %-16s %8s %8s %8s %8s %9s %8s%n",
                "program", "emulator", "min s", "median s", "max s", "loops", "loops/s", "j386/QEMU"));
        for (Compare.ProgramRow p : programs) {
            for (Emulator e : Emulator.values()) {
                Stats s = p.seconds().get(e);
                b.append(String.format(Locale.ROOT, "%-10s %-16s %8.3f %8.3f %8.3f %8d %9.1f",
                        p.program().name(), e.label, s.min(), s.median(), s.max(), p.program().loops(),
                        loopsPerSecond(p, e)));
                b.append(e == Emulator.J386 ? String.format(Locale.ROOT, " %8.1f%n", ratio(p)) : "\n");
            }
        }
        b.append(String.format(Locale.ROOT, "peak RSS, minikernel boot with -m %d (MiB, min/median/max over %d):%n",
                Compare.RAM_MIB, Compare.RSS_RUNS));
        for (Emulator e : Emulator.values()) {
            Stats s = rssMib.get(e);
            b.append(String.format(Locale.ROOT, "  %-16s %7.1f %7.1f %7.1f%n", e.label, s.min(), s.median(), s.max()));
        }
        b.append(String.format(Locale.ROOT, "  j386 target: guest RAM + %d MiB = %d MiB: %s%n",
                Compare.RSS_OVERHEAD_TARGET_MIB, rssTargetMib(), rssWithinTarget() ? "met" : "NOT met"));
        return b.toString();
    }

    double roundTripsPerSecond(Compare.Row row, Emulator e) {
        return row.workload().rounds() / net(row, e);
    }

    String json() {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"runs\": ").append(runs).append(",\n");
        b.append("  \"loadAverageBefore\": ").append(quote(loadBefore)).append(",\n");
        b.append("  \"loadAverageAfter\": ").append(quote(loadAfter)).append(",\n");
        b.append("  \"ramMiB\": ").append(Compare.RAM_MIB).append(",\n");
        b.append("  \"startupSeconds\": {");
        appendPerEmulator(b, startup, "    ");
        b.append("},\n  \"workloads\": [\n");
        for (int i = 0; i < rows.size(); i++) {
            Compare.Row row = rows.get(i);
            b.append("    {\"name\": ").append(quote(row.workload().name()))
                    .append(", \"rounds\": ").append(row.workload().rounds())
                    .append(", \"guestInstructions\": ").append(row.instructions())
                    .append(", \"output\": ").append(quote(row.line()))
                    .append(",\n     \"wallSeconds\": {");
            appendPerEmulator(b, row.wall(), "       ");
            b.append("},\n     \"netSeconds\": {");
            b.append(num("j386", net(row, Emulator.J386))).append(", ").append(num("qemu", net(row, Emulator.QEMU)));
            b.append("},\n     \"mips\": {");
            b.append(num("j386", mips(row, Emulator.J386))).append(", ").append(num("qemu", mips(row, Emulator.QEMU)));
            b.append("},\n     ").append(num("j386OverQemu", ratio(row)));
            if (row.workload().name().equals(GuestImages.PAGEFAULT)) {
                b.append(",\n     \"roundTripsPerSecond\": {")
                        .append(num("j386", roundTripsPerSecond(row, Emulator.J386))).append(", ")
                        .append(num("qemu", roundTripsPerSecond(row, Emulator.QEMU))).append("}");
            }
            b.append("}").append(i + 1 < rows.size() ? ",\n" : "\n");
        }
        b.append("  ],\n  \"minikernelPrograms\": [\n");
        for (int i = 0; i < programs.size(); i++) {
            Compare.ProgramRow p = programs.get(i);
            b.append("    {\"name\": ").append(quote(p.program().name()))
                    .append(", \"loops\": ").append(p.program().loops())
                    .append(",\n     \"seconds\": {");
            appendPerEmulator(b, p.seconds(), "       ");
            b.append("},\n     \"loopsPerSecond\": {")
                    .append(num("j386", loopsPerSecond(p, Emulator.J386))).append(", ")
                    .append(num("qemu", loopsPerSecond(p, Emulator.QEMU)))
                    .append("},\n     ").append(num("j386OverQemu", ratio(p)))
                    .append("}").append(i + 1 < programs.size() ? ",\n" : "\n");
        }
        b.append("  ],\n  \"peakRssMiB\": {");
        appendPerEmulator(b, rssMib, "    ");
        b.append("},\n  \"rssTargetMiB\": ").append(rssTargetMib())
                .append(",\n  \"rssWithinTarget\": ").append(rssWithinTarget()).append("\n}\n");
        return b.toString();
    }

    private static void appendPerEmulator(StringBuilder b, Map<Emulator, Stats> m, String indent) {
        String sep = "";
        for (Emulator e : Emulator.values()) {
            Stats s = m.get(e);
            b.append(sep).append('\n').append(indent).append(quote(e == Emulator.J386 ? "j386" : "qemu"))
                    .append(": {").append(num("min", s.min())).append(", ").append(num("median", s.median()))
                    .append(", ").append(num("max", s.max())).append('}');
            sep = ",";
        }
    }

    private static String num(String key, double v) {
        return quote(key) + ": " + (Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null");
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** The host's 1/5/15-minute load averages (other engineers' builds share the machine). */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
