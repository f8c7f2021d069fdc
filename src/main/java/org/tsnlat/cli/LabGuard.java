package org.tsnlat.cli;

import java.io.PrintStream;
import org.tsnlat.lab.Lab;

/**
 * A run's lab taken down when the process is stopped (Ctrl-C, SIGTERM) while it is built or
 * prepared, before the measurement begins: the JVM runs its shutdown hooks then, never the
 * {@code finally} blocks of the stopped thread, so without this a VM lab's QEMU and namespaces
 * outlived a Ctrl-C during the guest's minute of start-up. Closed when the measurement, whose own
 * stop takes the lab down, takes over.
 */
final class LabGuard implements AutoCloseable {
    private final Thread hook;

    LabGuard(String labName, String who, PrintStream err) {
        this.hook = new Thread(() -> {
            err.println(who + ": stopped before the first probe; taking lab " + labName + " down");
            err.flush();
            try {
                Lab.down(labName);
            } catch (RuntimeException e) { // the stopped thread may be undoing the same lab: one line, never a trace
                err.println(who + ": lab " + labName + " not wholly down (" + e.getMessage() + "); 'tsnlat lab down --name "
                        + labName + "' removes the rest");
            }
        }, "tsnlat-lab-guard");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run: the lab goes down with it
        }
    }
}
