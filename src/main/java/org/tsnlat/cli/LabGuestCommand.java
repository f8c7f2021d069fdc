package org.tsnlat.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.exit.UsageException;
import org.tsnlat.lab.Lab;
import org.tsnlat.lab.LabState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "guest", mixinStandardHelpOptions = true,
        description = {"Run one line of shell in the VM lab's guest, over its control port (a virtio console, not "
                + "the measured NIC), and print what it printed. The guest runs in this machine's root, read-only; "
                + "/run/tsnlat-guest there is the lab's share, writable, seen here under the lab's files.",
                "A command left running in the background must send its output elsewhere:",
                "  tsnlat lab guest -- 'cd /work/tsnlat && (./tsnlat recv --bind 198.18.0.2 --runs-dir "
                        + "/run/tsnlat-guest/runs > /run/tsnlat-guest/recv.out 2>&1 &)'",
                "Exit status 0 when the command's was 0; otherwise 1, its status said on standard error."},
        usageHelpAutoWidth = true)
final class LabGuestCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin LabNameOption labName;

    @Option(names = "--command-timeout", paramLabel = "SPAN", defaultValue = "60s", converter = Durations.Positive.class,
            description = "How long the command may take (default: ${DEFAULT-VALUE}).")
    long timeoutNs;

    @Parameters(paramLabel = "COMMAND", arity = "1..*", description = "The shell command (its words are joined with spaces).")
    List<String> command;

    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
        LabCommand.requireRoot();
        LabState state = Lab.status(labName.name).orElseThrow(() -> new org.tsnlat.lab.LabException(
                "no lab '" + labName.name + "' is up"));
        if (state.guest() == null) {
            throw new UsageException("lab '" + labName.name + "' has no guest (topology " + state.topology().cliName()
                    + "); 'tsnlat lab up --topology vm' makes one");
        }
        String line = String.join(" ", command);
        if (line.indexOf('\n') >= 0) throw new UsageException("the guest takes one line of shell; give no newline");
        Lab.GuestAnswer a = Lab.inGuest(state, line, Math.max(1, timeoutNs / 1_000_000));
        lab.root.out.print(a.output());
        lab.root.out.flush();
        if (a.status() != 0) {
            lab.root.err.println("tsnlat lab guest: the command exited with status " + a.status());
            return ExitCodes.FAILED;
        }
        return ExitCodes.OK;
    }
}
