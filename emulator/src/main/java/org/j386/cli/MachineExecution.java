package org.j386.cli;

import org.j386.cpu.Cpu;
import org.j386.gdb.GuestExecution;
import org.j386.machine.Machine;

/**
 * The whole machine as the gdb stub's {@link GuestExecution}: its run loop advances the timers and
 * moves host input, and the monitor's stop, quit and system_reset apply under a debugger too
 * (through {@link RunControl}).
 */
final class MachineExecution implements GuestExecution {
    private final Machine machine;
    private final RunControl control;

    MachineExecution(Machine machine, RunControl control) {
        this.machine = machine;
        this.control = control;
    }

    @Override
    public Cpu cpu() {
        return machine.cpu();
    }

    @Override
    public long run(long budget) {
        return control.runSlice(budget);
    }

    @Override
    public void requestStop() {
        machine.requestStop();
    }

    @Override
    public void clearStopRequest() {
        machine.clearStopRequest();
    }

    @Override
    public void holdInterrupts(boolean held) {
        machine.holdInterrupts(held);
    }

    @Override
    public boolean ended() {
        return control.quitRequested() || machine.isPoweredOff();
    }

    @Override
    public int exitStatus() {
        return control.quitRequested() ? 0 : machine.exitStatus();
    }
}
