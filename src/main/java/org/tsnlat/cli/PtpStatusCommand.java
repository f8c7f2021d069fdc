package org.tsnlat.cli;

import java.util.concurrent.Callable;
import org.tsnlat.rundir.RunDirectory;
import org.tsnlat.sync.PtpHealth;
import org.tsnlat.sync.PtpManagementClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Ask ptp4l once and print its view: port state, gmPresent and grandmaster, master offset, "
                + "mean path delay, steps removed, UTC offset and time flags.",
                "Exit 3 with one line when ptp4l is not there or does not answer (wrong --socket, --domain or "
                        + "--transport-specific)."},
        usageHelpAutoWidth = true)
final class PtpStatusCommand implements Callable<Integer> {
    @Mixin PtpOptions ptp;

    @ParentCommand PtpCommand parent;

    @Override
    public Integer call() throws Exception {
        try (PtpManagementClient client = ptp.open()) {
            PtpHealth health = client.health();
            if (ptp.json) {
                parent.root.out.println(RunDirectory.json().writeValueAsString(health));
            } else {
                parent.root.out.print(PtpHealthText.status(client, health));
            }
        }
        parent.root.out.flush();
        return ExitCodes.OK;
    }
}
