package org.tsnlat.text;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import java.util.stream.Collectors;
import org.tsnlat.exit.UsageException;

/**
 * The YAML files a user writes (host plans, campaign plans): read strictly (an unknown key, a
 * duplicate key, a null where a number belongs are errors), and every failure one line naming the
 * file, the line and the key ({@link UsageException}, exit 2), never a parser's stack of excerpts.
 */
public final class StrictYaml {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder().build())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private StrictYaml() {
    }

    /**
     * Parses {@code text} as a {@code type}; {@code name} names it in messages, {@code empty} is
     * the message for a file with nothing in it.
     */
    public static <T> T parse(String name, String text, Class<T> type, String empty) {
        T value;
        try {
            value = YAML.readValue(text, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new UsageException(name + keyLine(text, e.getPropertyName(), e.getLocation()) + ": unknown key '"
                    + e.getPropertyName() + "'" + where(e, 1) + (known.isEmpty() ? "" : " (known here: " + known + ")"));
        } catch (JsonMappingException e) {
            if (firstLine(e.getOriginalMessage()).startsWith("No content to map")) {
                throw new UsageException(name + ": " + empty);
            }
            if (e.getCause() instanceof JsonProcessingException p && !(p instanceof JsonMappingException)) {
                throw new UsageException(name + line(p.getLocation()) + ": not YAML: " + yamlProblem(p.getOriginalMessage()));
            }
            throw new UsageException(name + line(e.getLocation()) + ": " + firstLine(e.getOriginalMessage()) + where(e, 0));
        } catch (JsonProcessingException e) {
            throw new UsageException(name + line(e.getLocation()) + ": not YAML: " + yamlProblem(e.getOriginalMessage()));
        }
        if (value == null) {
            throw new UsageException(name + ": " + empty);
        }
        return value;
    }

    private static String line(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " line " + at.getLineNr();
    }

    /**
     * The line of an unknown key: Jackson reports where the parser stood after its value, so this is
     * the last line at or before that one where the key is written ("key:", "- key:", "{key:").
     */
    private static String keyLine(String text, String key, JsonLocation at) {
        String[] lines = text.split("\n", -1);
        int from = at == null || at.getLineNr() < 1 ? lines.length : Math.min(at.getLineNr(), lines.length);
        java.util.regex.Pattern written = java.util.regex.Pattern.compile(
                "(^|[\\s{,-])[\"']?" + java.util.regex.Pattern.quote(key) + "[\"']?\\s*:");
        for (int i = from; i >= 1; i--) {
            if (written.matcher(lines[i - 1]).find()) return " line " + i;
        }
        return line(at);
    }

    /** SnakeYAML's message without its excerpts: "while parsing a flow mapping; expected ',' or '}', but got <stream end>". */
    private static String yamlProblem(String message) {
        if (message == null) return "";
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip).collect(Collectors.joining("; "));
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    /** " in threads[0]" from Jackson's path, leaving out its last {@code drop} steps. */
    private static String where(JsonMappingException e, int drop) {
        StringBuilder b = new StringBuilder();
        List<JsonMappingException.Reference> path = e.getPath();
        for (int i = 0; i < path.size() - drop; i++) {
            JsonMappingException.Reference r = path.get(i);
            if (r.getFieldName() != null) b.append(b.isEmpty() ? "" : ".").append(r.getFieldName());
            else if (r.getIndex() >= 0) b.append('[').append(r.getIndex()).append(']');
        }
        return b.isEmpty() ? "" : " in " + b;
    }
}
