package org.tsnlat.report.html;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the page template ({@code report.html} beside this class) with uPlot's script and
 * style, read from the {@code org.webjars.npm:uplot} WebJar on the classpath, and the page's
 * data. The result needs nothing else: no network, no other file.
 *
 * <p>Data: {@code {title, headline, charts: [...], sections: [{title, text, open, lead}]}}; the
 * charts are described in {@link Charts}. A section may instead hold {@code paragraphs} and
 * {@code tables} ({@code {caption, head, numeric, rows, seqs}}: a row's {@code seqs} entry, when
 * there is one, selects that probe's mark on the latency chart), and an {@code id}. Every string
 * goes into the page as text. The script draws each chart and then sets
 * {@code data-charts-drawn} on the root element to how many it drew (and
 * {@code data-errors} to any script error), which the browser tests read.
 */
public final class HtmlPage {
    private static final String WEBJAR = "META-INF/resources/webjars/uplot/";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Z_]+)}}");

    private final ObjectNode data = Charts.JSON.createObjectNode();
    private final ArrayNode charts = data.putArray("charts");
    private final ArrayNode sections = data.putArray("sections");

    public HtmlPage(String title, String headline) {
        data.put("title", title);
        data.put("headline", headline);
    }

    void chart(ObjectNode chart) {
        if (chart != null) charts.add(chart);
    }

    /** A collapsible block of preformatted text. */
    void section(String title, String text, boolean open) {
        ObjectNode s = sections.addObject();
        s.put("title", title);
        s.put("text", text);
        s.put("open", open);
    }

    /** A section made elsewhere ({@link OutlierMarks#section}): paragraphs and tables, all text. */
    void section(ObjectNode section) {
        sections.add(section);
    }

    /** A block of preformatted text, open, above the charts: what the page leads with. */
    void leadSection(String title, String text) {
        section(title, text, true);
        ((ObjectNode) sections.get(sections.size() - 1)).put("lead", true);
    }

    public String render() {
        String version = uplotVersion();
        Map<String, String> values = Map.of(
                "TITLE", escape(org.tsnlat.text.Untrusted.text(data.path("title").asText())),
                "CHARTS", Integer.toString(charts.size()),
                "UPLOT_VERSION", version,
                "UPLOT_CSS", resource(WEBJAR + version + "/dist/uPlot.min.css"),
                "UPLOT_JS", resource(WEBJAR + version + "/dist/uPlot.iife.min.js").replace("</", "<\\/"),
                "DATA", Charts.toScriptJson(data));
        String template = resource("org/tsnlat/report/html/report.html");
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 200_000);
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) throw new IllegalStateException("report.html: unknown placeholder " + m.group());
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The uPlot version of the WebJar on the classpath. */
    static String uplotVersion() {
        Properties p = new Properties();
        try (InputStream in = open("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("version");
    }

    private static String resource(String name) {
        try (InputStream in = open(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) throws IOException {
        InputStream in = HtmlPage.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the classpath (the uPlot WebJar or the page template is missing)");
        }
        return in;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
