package org.j386.bench;

import java.util.concurrent.TimeUnit;

import org.j386.devices.SerialBackend;
import org.j386.machine.Machine;
import org.j386.machine.MachineConfig;
import org.j386.machine.RunResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time from constructing the machine (reading and loading build/minikernel.elf, 128 MiB of RAM)
 * to the kernel's first complete line on COM1. Each fork measures one cold boot, as a user
 * launching j386 sees it less the JVM's own start.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = {"-Xss4m", "-XX:+UseSerialGC"})
public class BootBench {
    /** More than the kernel needs to print its banner; a boot that has not by then failed. */
    private static final long BUDGET = 500_000_000;

    /** Stops the machine at the first newline on COM1. */
    private static final class FirstLine implements SerialBackend {
        final StringBuilder text = new StringBuilder();
        Machine machine;

        @Override
        public void transmit(int b) {
            text.append((char) b);
            if (b == '\n') {
                machine.requestStop();
            }
        }
    }

    @Benchmark
    public String toFirstSerialLine() throws Exception {
        FirstLine com1 = new FirstLine();
        MachineConfig config = MachineConfig.forTest(GuestImages.minikernel().toString(), null, BootedGuest.RAM);
        com1.machine = new Machine(config, com1);
        RunResult r = com1.machine.run(BUDGET);
        if (r.kind() != RunResult.Kind.STOPPED || com1.text.indexOf("\n") < 0) {
            throw new IllegalStateException("no serial line from the kernel (" + r + "): " + com1.text);
        }
        return com1.text.toString();
    }
}
