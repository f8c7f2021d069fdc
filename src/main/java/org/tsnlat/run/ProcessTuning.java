package org.tsnlat.run;

import java.util.ArrayList;
import java.util.List;
import org.tsnlat.linux.LinuxException;
import org.tsnlat.linux.PmQos;
import org.tsnlat.linux.Scheduling;

/**
 * Process-wide settings held for the length of a run: memory locked (no page faults in the hot
 * loops) and /dev/cpu_dma_latency held at 0 (keeps the CPUs out of deep idle states, which on
 * this kind of machine halves wake-up latency). Both need root; without it the run goes on and
 * says what was not in force.
 */
public final class ProcessTuning implements AutoCloseable {
    private final boolean mlocked;
    private final PmQos pmQos;
    private final List<String> notes;

    private ProcessTuning(boolean mlocked, PmQos pmQos, List<String> notes) {
        this.mlocked = mlocked;
        this.pmQos = pmQos;
        this.notes = notes;
    }

    public static ProcessTuning apply(boolean lockMemory, boolean holdPmQos) {
        List<String> notes = new ArrayList<>();
        boolean root = Scheduling.geteuid() == 0;
        boolean mlocked = false;
        if (lockMemory) {
            if (root) {
                try {
                    Scheduling.mlockall();
                    mlocked = true;
                } catch (LinuxException e) {
                    notes.add("memory not locked (" + e.getMessage() + ")");
                }
            } else {
                notes.add("memory not locked (mlockall needs root)");
            }
        }
        PmQos qos = null;
        if (holdPmQos) {
            try {
                qos = PmQos.holdCpuDmaLatency(0);
            } catch (RuntimeException e) {
                notes.add("/dev/cpu_dma_latency not held (" + e.getMessage() + ")");
            }
        }
        return new ProcessTuning(mlocked, qos, List.copyOf(notes));
    }

    public boolean mlocked() {
        return mlocked;
    }

    public boolean pmQosHeld() {
        return pmQos != null;
    }

    public List<String> notes() {
        return notes;
    }

    public String describe() {
        return "memory " + (mlocked ? "locked" : "not locked") + ", /dev/cpu_dma_latency "
                + (pmQos != null ? "held at 0" : "not held");
    }

    @Override
    public void close() {
        if (pmQos != null) {
            pmQos.close();
        }
    }
}
