package org.tsnlat.cli;

import org.tsnlat.lab.LabSpec;
import picocli.CommandLine.Option;

/** The lab a `lab` subcommand acts on; shared by up, down and status. */
final class LabNameOption {
    @Option(names = "--name", paramLabel = "NAME", defaultValue = LabSpec.DEFAULT_NAME,
            description = "Lab name, prefix of its namespaces (default: ${DEFAULT-VALUE}).")
    String name;
}
