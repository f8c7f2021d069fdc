package org.tsnlat.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tsnlat.env.EnvCollector;
import org.tsnlat.env.EnvJson;
import org.tsnlat.env.EnvRequest;
import org.tsnlat.env.EnvSnapshot;
import org.tsnlat.env.EnvText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print this host's environment snapshot, grouped by concern (CPUs and scheduling, power and PM QoS, "
                        + "kernel, interfaces, PTP), with units and the kernel's defaults in words.",
                "What cannot be read (without root, in a VM) is listed with the reason; nothing fails for it."},
        usageHelpAutoWidth = true)
final class EnvShowCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the snapshot as JSON (what 'env diff' and meta.json hold).")
    boolean json;

    @Option(names = "--raw", description = "Print every field as a 'key value' line under its topic, as stored (for grep).")
    boolean raw;

    @Option(names = "--interface", paramLabel = "IFNAME",
            description = "An interface in use (repeatable). Default: those with a default route, else lo.")
    List<String> interfaces;

    @Option(names = "--netns", paramLabel = "NS", description = "The network namespace the interfaces live in.")
    String netns;

    @ParentCommand EnvCommand env;

    @Override
    public Integer call() {
        List<String> ifs = interfaces == null || interfaces.isEmpty()
                ? EnvCollector.defaultInterfaces(netns) : interfaces;
        EnvSnapshot s = EnvCollector.collect(new EnvRequest(ifs, netns, Map.of()));
        var out = env.root.out;
        out.print(json ? EnvJson.write(s) + "\n" : raw ? EnvText.raw(s) : EnvText.snapshot(s));
        out.flush();
        return ExitCodes.OK;
    }
}
