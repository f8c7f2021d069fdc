package org.tsnlat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The options given on a measuring command's line that shape the measurement, for meta.json's
 * {@code config.options} and the summary's "in force": each by its long name with its value as
 * typed. Every option of send, recv and run shapes the measurement but those in
 * {@link #NOT_MEASURED}.
 */
final class OptionsInForce {
    /** Options that change where results go or what is printed while running, never what is measured. */
    static final Set<String> NOT_MEASURED = Set.of("--runs-dir", "--live", "--no-live", "--help", "--version");

    private OptionsInForce() {}

    /** The options given to {@code spec}'s command in its last parse, in the order they were given. */
    static List<String> given(CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        List<String> out = new ArrayList<>();
        if (parsed == null) return out;
        for (OptionSpec o : parsed.matchedOptions()) {
            if (NOT_MEASURED.contains(o.longestName())) continue;
            List<String> typed = o.originalStringValues();
            if (o.arity().max() == 0 || typed.isEmpty()) {
                out.add(o.longestName());
            } else {
                out.add(o.longestName() + " " + String.join(" ", typed));
            }
        }
        return out;
    }
}
