package org.j386.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build puts the images the benchmarks boot: {@code build/bench-guests/NAME.elf}
 * (benchmarks/guest, one workload each), {@code build/bench-guests/bench-initramfs.cpio}
 * (benchmarks/guest/user) and {@code build/minikernel.elf}.
 *
 * <p>The build directory is the system property {@code j386.build.dir} (the parent pom hands it
 * to tests, {@code make bench} to JMH and its forks), else {@code build} under the working
 * directory.
 */
public final class GuestImages {
    /** The integer workloads, as benchmarks/guest names them. */
    public static final String[] WORKLOADS = {"crc32", "sort", "matmul", "dfa", "listwalk"};
    /** Boots and exits at once: the fixed start-up cost. */
    public static final String NULL = "null";
    /** One #PF round trip per round. */
    public static final String PAGEFAULT = "pagefault";
    /** The largest rounds=N a guest accepts: at any emulator's speed a run that never ends. */
    public static final long ENDLESS_ROUNDS = 0xFFFF_FFFFL;

    private GuestImages() {
    }

    public static Path buildDir() {
        return Path.of(System.getProperty("j386.build.dir", "build")).toAbsolutePath().normalize();
    }

    /** The benchmark guest NAME.elf; fails naming the make target if it has not been built. */
    public static Path workload(String name) {
        return existing(buildDir().resolve("bench-guests").resolve(name + ".elf"), "make bench-guests");
    }

    /** The minikernel programs of benchmarks/guest/user, as /bin/NAME. */
    public static Path benchInitramfs() {
        return existing(buildDir().resolve("bench-guests").resolve("bench-initramfs.cpio"), "make bench-guests");
    }

    public static Path minikernel() {
        return existing(buildDir().resolve("minikernel.elf"), "make kernel");
    }

    private static Path existing(Path p, String make) {
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " not found: run " + make + " (or set -Dj386.build.dir)");
        }
        return p;
    }
}
