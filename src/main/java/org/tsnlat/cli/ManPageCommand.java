package org.tsnlat.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tsnlat.exit.Exit;
import org.tsnlat.run.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes real man pages (roff, section 1) from the same picocli model as --help: one page per
 * command, with its examples and its own exit codes. No AsciiDoc, no asciidoctor.
 */
@Command(name = "gen-manpage", mixinStandardHelpOptions = true,
        description = {"Write a man page (roff, section 1) for tsnlat and each of its commands into DIR.",
                "Install them for man(1): sudo tsnlat gen-manpage --outdir /usr/local/share/man/man1 && sudo mandb -q"},
        usageHelpAutoWidth = true)
final class ManPageCommand implements Callable<Integer> {

    @Option(names = "--outdir", paramLabel = "DIR", defaultValue = ".",
            description = "Directory to write tsnlat.1, tsnlat-run.1, ... into (made if missing; default: the current directory).")
    Path outdir;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        CommandSpec root = spec.root();
        try {
            Files.createDirectories(outdir);
            write(root);
        } catch (IOException e) {
            throw new OutputException(outdir + ": cannot write the man pages: " + e.getMessage(), e);
        }
        return ExitCodes.OK;
    }

    private void write(CommandSpec c) throws IOException {
        if (c.usageMessage().hidden()) return;
        Files.writeString(outdir.resolve(pageName(c) + ".1"), page(c), StandardCharsets.UTF_8);
        for (CommandLine sub : c.subcommands().values()) {
            if (sub.getCommandSpec().parent() == c && !sub.getCommandSpec().name().equals("help")) write(sub.getCommandSpec());
        }
    }

    /** tsnlat, tsnlat-run, tsnlat-lab-up. */
    static String pageName(CommandSpec c) {
        return c.qualifiedName("-");
    }

    /** The page of one command, in roff (man(7) macros). */
    static String page(CommandSpec c) {
        StringBuilder b = new StringBuilder();
        String name = pageName(c);
        String[] description = c.usageMessage().description();
        b.append(".TH ").append(name.toUpperCase(java.util.Locale.ROOT)).append(" 1 \"\" \"tsnlat ")
                .append(text(Version.get())).append("\" \"tsnlat manual\"\n");
        b.append(".SH NAME\n").append(text(name)).append(" \\- ").append(text(description.length > 0 ? description[0] : ""))
                .append('\n');
        b.append(".SH SYNOPSIS\n.B ").append(text(c.qualifiedName())).append('\n');
        if (!c.options().isEmpty()) b.append("[\\fIOPTIONS\\fR]");
        for (PositionalParamSpec p : c.positionalParameters()) b.append(' ').append(text(p.paramLabel()));
        if (!c.subcommands().isEmpty()) b.append(" \\fICOMMAND\\fR");
        b.append('\n');
        b.append(".SH DESCRIPTION\n");
        for (int i = 1; i < description.length; i++) {
            if (!description[i].isBlank()) b.append(".PP\n").append(text(description[i])).append('\n');
        }
        List<String> examples = c.parent() == null ? null
                : Help.EXAMPLE_LINES.get(c.qualifiedName().substring(c.root().name().length()).strip());
        if (examples != null) {
            b.append(".SH EXAMPLES\n");
            for (int i = 0; i < examples.size(); i += 2) {
                b.append(".TP\n.B ").append(text(examples.get(i))).append('\n').append(text(examples.get(i + 1))).append('\n');
            }
        }
        if (!c.positionalParameters().isEmpty() || !c.options().isEmpty()) b.append(".SH OPTIONS\n");
        for (PositionalParamSpec p : c.positionalParameters()) {
            b.append(".TP\n.I ").append(text(p.paramLabel())).append('\n').append(text(String.join(" ", p.description()))).append('\n');
        }
        for (OptionSpec o : c.options()) {
            if (o.hidden()) continue;
            b.append(".TP\n");
            String names = String.join(", ", java.util.Arrays.stream(o.names()).map(n -> "\\fB" + text(n) + "\\fR").toList());
            b.append(names);
            if (o.arity().max() > 0) b.append(" \\fI").append(text(o.paramLabel())).append("\\fR");
            b.append('\n').append(text(String.join(" ", o.description()))).append('\n');
        }
        if (!c.subcommands().isEmpty()) {
            b.append(".SH COMMANDS\n");
            c.subcommands().forEach((n, sub) -> {
                CommandSpec s = sub.getCommandSpec();
                if (s.usageMessage().hidden() || !s.name().equals(n)) return;
                String[] d = s.usageMessage().description();
                b.append(".TP\n.B ").append(text(n)).append('\n').append(text(d.length > 0 ? d[0] : "")).append('\n');
            });
        }
        b.append(".SH EXIT STATUS\n");
        for (Exit e : Help.codes(c)) {
            b.append(".TP\n.B ").append(e.code()).append('\n').append(text(e.meaning())).append('\n');
        }
        b.append(".SH SEE ALSO\n");
        b.append(c.parent() == null ? "tsnlat-run(1), tsnlat-send(1), tsnlat-recv(1), tsnlat-report(1)"
                : text(pageName(c.root())) + "(1)").append(", docs/exit-codes.md\n");
        return b.toString();
    }

    /** Text for roff: backslashes and minus signs escaped, no line that starts a request. */
    static String text(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-").replace("\n", " ");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
