package org.tsnlat.cli;

import org.tsnlat.exit.UsageException;
import picocli.CommandLine.ParseResult;

/**
 * The refusals of options that exclude or need one another, worded the same in every command:
 * "--duration and --count exclude each other: give one", "--shape needs --topology".
 */
final class OptionRules {
    private OptionRules() {}

    /** Refuses a command line that gives both options. */
    static void exclusive(ParseResult given, String a, String b) {
        if (given.hasMatchedOption(a) && given.hasMatchedOption(b)) {
            throw new UsageException(excludeEachOther(a, b));
        }
    }

    static String excludeEachOther(String a, String b) {
        return a + " and " + b + " exclude each other: give one";
    }

    /** Refuses {@code option} given without what it needs ({@code needed}: "--topology", "--shape tbf or --shape htb"). */
    static void needs(boolean optionGiven, String option, boolean neededGiven, String needed) {
        if (optionGiven && !neededGiven) {
            throw new UsageException(needs(option, needed));
        }
    }

    static String needs(String option, String needed) {
        return option + " needs " + needed;
    }
}
