package org.j386.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.j386.bench.BootedGuest;
import org.j386.bench.GuestImages;

/**
 * {@code make bench-compare}: the benchmark guests on j386 (its launcher, a child process) and on
 * {@code qemu-system-i386 -M isapc} (TCG), with the same options, each {@code --runs} times,
 * interleaved so that a busy host slows both alike.
 *
 * <p>For each workload it reports min/median/max wall time, the median less the null guest's
 * median on the same emulator (the fixed start-up cost: JVM or QEMU start, loading, exit), the
 * j386/QEMU ratio of those net times, and MIPS from the guest instruction count (fixed part plus
 * rounds times the per-round part, both counted on j386 in this JVM with rounds=1 and 2). It
 * then boots build/minikernel.elf with -m 128 on both under /usr/bin/time for their peak
 * resident memory, against j386's target of guest RAM + {@link #RSS_OVERHEAD_TARGET_MIB} MiB.
 *
 * <p>Every run must print the workload's one line with the same checksum on both machines and
 * exit with status 1 (isa-debug-exit 0); anything else ends the comparison with an error.
 *
 * <p>The minikernel programs of benchmarks/guest/user (demand paging; fork/exec/exit, brk, mmap)
 * run forever as init and print a line per loop; for them it times a fixed number of loops from
 * the first one, as often on each machine, and reports loops per second and the ratio.
 *
 * <p>Writes a table to stdout and {@code compare.json} and {@code compare.png} to {@code --out}.
 * Usage: {@code Compare --build DIR [--runs N] [--out DIR] [--launcher ./j386]}.
 */
public final class Compare {
    /** Guest RAM of every run, QEMU's default. */
    static final int RAM_MIB = 128;
    /** j386's resident-memory target: guest RAM plus this. */
    static final int RSS_OVERHEAD_TARGET_MIB = 100;
    static final int RSS_RUNS = 3;

    /**
     * A workload and its rounds for this comparison: about a billion guest instructions each (some
     * 10 s on j386, half a second on QEMU: well above its start-up noise); pagefault ten million
     * round trips.
     */
    record Workload(String name, long rounds) { }

    static final List<Workload> WORKLOADS = List.of(
            new Workload("crc32", 2000),
            new Workload("sort", 360),
            new Workload("matmul", 1240),
            new Workload("dfa", 1760),
            new Workload("listwalk", 2180),
            new Workload("pagefault", 10_000_000));

    /** What one workload measured. */
    record Row(Workload workload, long instructions, String line, Map<Emulator, Stats> wall) { }

    /**
     * A program of benchmarks/guest/user run as init under the minikernel, printing a line with a
     * dot per loop, and how many loops are timed (some 5 s on j386, half a second on QEMU).
     */
    record Program(String name, int loops) { }

    static final List<Program> PROGRAMS = List.of(
            new Program("pagetouch", 500),
            new Program("forkexec", 1500));

    /** Seconds for a program's loops, timed from its first dot: boot and start-up excluded. */
    record ProgramRow(Program program, Map<Emulator, Stats> seconds) { }

    private final Path launcher;
    private final int runs;

    private Compare(Path launcher, int runs) {
        this.launcher = launcher;
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path build = Path.of("build");
        Path out = null;
        Path launcher = Path.of("./j386");
        int runs = 5;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--build" -> build = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--launcher" -> launcher = Path.of(value);
                case "--runs" -> runs = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("Compare: unknown option " + args[i]
                        + " (--build DIR --runs N --out DIR --launcher PATH)");
            }
            i++;
        }
        if (runs < 1) {
            throw new IllegalArgumentException("Compare: --runs " + runs);
        }
        System.setProperty("j386.build.dir", build.toAbsolutePath().toString());
        out = out == null ? build.resolve("bench") : out;
        Files.createDirectories(out);
        new Compare(launcher.toAbsolutePath(), runs).compare(out);
    }

    private void compare(Path out) throws IOException, InterruptedException {
        String load = Report.loadAverage();
        Map<String, Long> instructions = new HashMap<>();
        for (Workload w : WORKLOADS) {
            instructions.put(w.name(), countInstructions(w));
        }
        Workload none = new Workload(GuestImages.NULL, 0);
        List<Workload> all = new ArrayList<>(List.of(none));
        all.addAll(WORKLOADS);
        Map<String, Map<Emulator, double[]>> samples = new LinkedHashMap<>();
        Map<String, String> lines = new HashMap<>();
        for (Emulator e : Emulator.values()) {
            runChecked(e, none, lines);   // warms the page cache and the JDK's class data; not counted
        }
        for (int r = 0; r < runs; r++) {
            for (Workload w : all) {
                for (Emulator e : Emulator.values()) {
                    double s = runChecked(e, w, lines);
                    samples.computeIfAbsent(w.name(), k -> new EnumMap<>(Emulator.class))
                            .computeIfAbsent(e, k -> new double[runs])[r] = s;
                    System.err.printf("bench-compare: run %d/%d %-9s %-16s %8.3f s%n", r + 1, runs, w.name(), e.label, s);
                }
            }
        }
        Map<Emulator, Stats> startup = stats(samples.get(none.name()));
        List<Row> rows = new ArrayList<>();
        for (Workload w : WORKLOADS) {
            rows.add(new Row(w, instructions.get(w.name()), lines.get(w.name()), stats(samples.get(w.name()))));
        }
        List<ProgramRow> programs = new ArrayList<>();
        for (Program p : PROGRAMS) {
            programs.add(new ProgramRow(p, programSeconds(p)));
        }
        Map<Emulator, Stats> rss = new EnumMap<>(Emulator.class);
        for (Emulator e : Emulator.values()) {
            rss.put(e, residentMemory(e));
        }
        Report report = new Report(runs, load, Report.loadAverage(), startup, rows, programs, rss);
        System.out.print(report.table());
        Files.writeString(out.resolve("compare.json"), report.json());
        BarChart.write(report, out.resolve("compare.png"));
        System.out.println("bench-compare: " + out.resolve("compare.json") + ", " + out.resolve("compare.png"));
    }

    private static Map<Emulator, Stats> stats(Map<Emulator, double[]> m) {
        Map<Emulator, Stats> s = new EnumMap<>(Emulator.class);
        m.forEach((e, v) -> s.put(e, Stats.of(v)));
        return s;
    }

    /** One timed run; its line must be the workload's and equal on both machines. */
    private double runChecked(Emulator e, Workload w, Map<String, String> lines) throws IOException, InterruptedException {
        String append = "rounds=" + w.rounds();
        Emulator.Run run = e.run(launcher, GuestImages.workload(w.name()), append, RAM_MIB, false);
        String line = run.serial().strip();
        String prefix = w.name() + " rounds=" + w.rounds() + " checksum=";
        if (run.exitStatus() != BootedGuest.SUCCESS_STATUS || !line.startsWith(prefix) || line.contains("\n")) {
            throw new IOException(e.label + " " + w.name() + ": exit status " + run.exitStatus() + ", output: " + run.serial());
        }
        String seen = lines.putIfAbsent(w.name(), line);
        if (seen != null && !seen.equals(line)) {
            throw new IOException(w.name() + ": " + e.label + " printed \"" + line + "\", before that \"" + seen + "\"");
        }
        return run.seconds();
    }

    private Map<Emulator, Stats> programSeconds(Program program) throws IOException, InterruptedException {
        Map<Emulator, double[]> seconds = new EnumMap<>(Emulator.class);
        for (int r = 0; r < runs; r++) {
            for (Emulator e : Emulator.values()) {
                double s = e.loopSeconds(launcher, GuestImages.minikernel(), "init=/bin/" + program.name(),
                        GuestImages.benchInitramfs(), RAM_MIB, '.', program.loops());
                seconds.computeIfAbsent(e, k -> new double[runs])[r] = s;
                System.err.printf("bench-compare: run %d/%d %-9s %-16s %8.3f s for %d loops%n",
                        r + 1, runs, program.name(), e.label, s, program.loops());
            }
        }
        return stats(seconds);
    }

    /** Guest instructions of a run with w's rounds: fixed + rounds x per-round, from rounds=1 and 2 on j386. */
    private static long countInstructions(Workload w) {
        long one = countRun(w.name(), 1);
        long two = countRun(w.name(), 2);
        return one + (w.rounds() - 1) * (two - one);
    }

    private static long countRun(String name, long rounds) {
        BootedGuest g = BootedGuest.workload(name, rounds);
        g.runToEnd(1_000_000_000L);
        return g.machine().instructions();
    }

    /** Peak RSS in MiB after a boot of the minikernel to its power-off, RSS_RUNS times. */
    private Stats residentMemory(Emulator e) throws IOException, InterruptedException {
        double[] mib = new double[RSS_RUNS];
        for (int i = 0; i < RSS_RUNS; i++) {
            Emulator.Run run = e.run(launcher, GuestImages.minikernel(), null, RAM_MIB, true);
            if (!run.serial().contains("boot complete")) {
                throw new IOException(e.label + ": minikernel did not boot: " + run.serial());
            }
            mib[i] = run.maxRssKib() / 1024.0;
        }
        return Stats.of(mib);
    }
}
