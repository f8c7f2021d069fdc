package org.tsnlat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Usage help that wraps lines only at spaces. picocli wraps with the JDK's line BreakIterator, which
 * breaks after a dot before a letter or a slash: "(meta." / "json", "(default: ." / "/runs)".
 */
final class SpaceWrappingHelp extends CommandLine.Help {
    SpaceWrappingHelp(CommandSpec spec, ColorScheme scheme) {
        super(spec, scheme);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> params, ColorScheme scheme) {
        Layout picocli = super.createDefaultLayout(options, params, scheme);
        return new Layout(scheme, new Table(scheme, picocli.textTable().columns()), picocli.optionRenderer(),
                picocli.parameterRenderer());
    }

    @Override
    public TextTable createTextTable(Map<?, ?> map) {
        TextTable picocli = super.createTextTable(map);
        Table table = new Table(colorScheme(), picocli.columns());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            table.addRowValues(text(e.getKey()), text(e.getValue()));
        }
        return table;
    }

    @Override
    public String commandList(Map<String, CommandLine.Help> subcommands) {
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        subcommands.forEach((name, help) -> {
            var usage = help.commandSpec().usageMessage();
            if (usage.hidden()) return;
            String[] d = usage.header().length > 0 ? usage.header() : usage.description();
            rows.put(name, d.length > 0 ? d[0] : "");
        });
        if (rows.isEmpty()) return "";
        int key = rows.keySet().stream().mapToInt(String::length).max().orElse(0) + 4;
        int width = commandSpec().usageMessage().width();
        Table table = new Table(colorScheme(), new Column[] {new Column(key, 2, Column.Overflow.SPAN),
                new Column(width - key, 1, Column.Overflow.WRAP)});
        rows.forEach((name, line) -> table.addRowValues(text(name), text(line)));
        return table.toString();
    }

    private Text text(Object o) {
        return o instanceof Text t ? t : colorScheme().ansi().new Text(String.valueOf(o), colorScheme());
    }

    /** A command's description, each line wrapped at spaces to the usage width, its indent kept. */
    static String description(CommandSpec spec) {
        StringBuilder b = new StringBuilder();
        for (String line : spec.usageMessage().description()) {
            String indent = line.substring(0, line.length() - line.stripLeading().length());
            for (String l : wrap(line.strip(), spec.usageMessage().width() - indent.length())) {
                b.append(indent).append(l).append(System.lineSeparator());
            }
        }
        return b.toString();
    }

    /** Lines of at most width characters, broken at spaces (a longer word stands on a line of its own). */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (!line.isEmpty() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (!line.isEmpty()) line.append(' ');
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    /** picocli's table, whose last (wrapping) column breaks only at spaces. */
    static final class Table extends TextTable {
        private final ColorScheme scheme;

        Table(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column c = columns()[col];
            String plain = value.plainString();
            int first = c.width - c.indent - 1;
            if (col != columns().length - 1 || c.overflow != Column.Overflow.WRAP || plain.length() <= first) {
                return super.putValue(row, col, value);
            }
            int next = first - indentWrappedLines;
            int start = 0;
            int r = row;
            while (start < plain.length()) {
                int room = r == row ? first : next;
                int end = plain.length();
                if (end - start > room) {
                    end = plain.lastIndexOf(' ', start + room);
                    if (end <= start) end = plain.indexOf(' ', start + room) < 0 ? plain.length() : plain.indexOf(' ', start + room);
                }
                Text piece = value.substring(start, end);
                if (r != row) piece = scheme.ansi().new Text(" ".repeat(indentWrappedLines), scheme).concat(piece);
                while (r >= rowCount()) addEmptyRow();
                super.putValue(r, col, piece);
                start = end;
                while (start < plain.length() && plain.charAt(start) == ' ') start++;
                r++;
            }
            return new Cell(col, r - 1);
        }
    }
}
