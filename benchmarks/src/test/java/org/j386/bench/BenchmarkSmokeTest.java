package org.j386.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, for one tiny iteration in this JVM, so none of them rots: each
 * benchmark method JMH knows of must produce a result (every @Param value runs). It asserts no
 * timing. The guest images come from the build directory the parent pom passes as
 * {@code j386.build.dir}.
 */
class BenchmarkSmokeTest {
    private static final String INCLUDE = "org\\.j386\\.bench\\..*";

    @Test
    void everyBenchmarkRunsOnce() throws RunnerException {
        Options opt = new OptionsBuilder()
                .include(INCLUDE)
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(20))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        assertFalse(results.isEmpty(), "no benchmark ran");
        Set<String> ran = new TreeSet<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            assertFalse(Double.isNaN(r.getPrimaryResult().getScore()), name);
            ran.add(name);
        }
        Set<String> known = new TreeSet<>();
        for (BenchmarkListEntry e : BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(System.out, VerboseMode.SILENT), List.of(INCLUDE),
                List.of())) {
            known.add(e.getUsername());
        }
        assertEquals(known, ran, "benchmarks that produced a result");
    }
}
