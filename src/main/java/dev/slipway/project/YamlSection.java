package dev.slipway.project;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of {@code slipway.yaml} with typed getters. Every getter reports problems as a
 * {@link ConfigException} naming the file, the 1-based line and the full dotted key.
 */
final class YamlSection {
    // Only plain decimals: YAML 1.1 would also read 0x1F, 0o17 and 1:30 as integers, which nobody means here.
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]{1,9}");

    private final String file;
    private final String path;
    private final int line;
    private final Map<String, Entry> entries;

    private record Entry(Node key, Node value) {}

    private YamlSection(String file, String path, int line, Map<String, Entry> entries) {
        this.file = file;
        this.path = path;
        this.line = line;
        this.entries = entries;
    }

    /**
     * Reads {@code node} as a mapping. {@code known} lists the allowed keys; null allows any key
     * (used for {@code processes}, whose keys are names). A missing or null node is an empty section.
     */
    static YamlSection of(String file, String path, Node node, List<String> known) {
        if (node == null || isNull(node)) {
            return new YamlSection(file, path, node == null ? 1 : lineOf(node), Map.of());
        }
        if (!(node instanceof MappingNode mapping)) {
            throw new ConfigException(file, lineOf(node), path, "must be a mapping" + (known == null ? "" : " of " + String.join(", ", known)) + ", not " + describe(node));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar)) {
                throw new ConfigException(file, lineOf(keyNode), path, "has a key that is " + describe(keyNode) + "; keys must be plain words");
            }
            String key = scalar.getValue();
            String full = join(path, key);
            if (known != null && !known.contains(key)) {
                throw new ConfigException(file, lineOf(keyNode), full, "is not a known key (known: " + String.join(", ", known) + ")");
            }
            Entry previous = entries.putIfAbsent(key, new Entry(keyNode, tuple.getValueNode()));
            if (previous != null) {
                throw new ConfigException(file, lineOf(keyNode), full, "is given twice (first on line " + lineOf(previous.key()) + ")");
            }
        }
        return new YamlSection(file, path, lineOf(node), entries);
    }

    String file() {
        return file;
    }

    String path() {
        return path;
    }

    int line() {
        return line;
    }

    List<String> keys() {
        return List.copyOf(entries.keySet());
    }

    int keyLine(String key) {
        return lineOf(entries.get(key).key());
    }

    YamlSection section(String key, List<String> known) {
        Entry entry = entries.get(key);
        return of(file, join(path, key), entry == null ? null : entry.value(), known);
    }

    /** A value that must be set, e.g. a process's command; {@code lineIfMissing} is where the user should add it. */
    String requiredString(String key, int lineIfMissing) {
        String value = string(key, null);
        if (value == null || value.isBlank()) {
            throw new ConfigException(file, value == null ? lineIfMissing : lineOf(entries.get(key).value()), join(path, key), "is required");
        }
        return value;
    }

    /** Any scalar reads as text; an explicit null ({@code key: ~}) means the default. */
    String string(String key, String fallback) {
        Entry entry = entries.get(key);
        if (entry == null || isNull(entry.value())) {
            return fallback;
        }
        if (!(entry.value() instanceof ScalarNode scalar)) {
            throw wrongType(key, entry.value(), "a string");
        }
        return scalar.getValue();
    }

    int integer(String key, int fallback, int min, int max) {
        Node node = scalarOrNull(key, "a whole number");
        if (node == null) {
            return fallback;
        }
        String text = ((ScalarNode) node).getValue();
        if (node.getTag() != Tag.INT || !DECIMAL.matcher(text).matches()) {
            throw wrongType(key, node, "a whole number");
        }
        int value = Integer.parseInt(text.startsWith("+") ? text.substring(1) : text);
        if (value < min || value > max) {
            throw new ConfigException(file, lineOf(node), join(path, key), "must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    boolean bool(String key, boolean fallback) {
        Node node = scalarOrNull(key, "true or false");
        if (node == null) {
            return fallback;
        }
        if (node.getTag() != Tag.BOOL) {
            throw wrongType(key, node, "true or false");
        }
        // SnakeYAML resolves YAML 1.1 booleans: yes/no and on/off count as well.
        String text = ((ScalarNode) node).getValue().toLowerCase(java.util.Locale.ROOT);
        return text.equals("true") || text.equals("yes") || text.equals("on");
    }

    Duration duration(String key, Duration fallback, boolean zeroAllowed) {
        Node node = scalarOrNull(key, "a duration like 30s");
        if (node == null) {
            return fallback;
        }
        String text = ((ScalarNode) node).getValue();
        Duration value = Durations.parse(text);
        if (value == null) {
            throw new ConfigException(file, lineOf(node), join(path, key), "must be a duration like 500ms, 30s, 2m or 1h (a bare number means seconds), not '" + text + "'");
        }
        if (value.isZero() && !zeroAllowed) {
            throw new ConfigException(file, lineOf(node), join(path, key), "must be longer than zero");
        }
        return value;
    }

    /** A list of scalars, each checked (and possibly converted) by {@code check}, which returns a problem or null. */
    List<String> strings(String key, Function<String, String> check) {
        Entry entry = entries.get(key);
        if (entry == null || isNull(entry.value())) {
            return List.of();
        }
        if (!(entry.value() instanceof SequenceNode sequence)) {
            throw wrongType(key, entry.value(), "a list");
        }
        List<String> values = new ArrayList<>();
        for (Node item : sequence.getValue()) {
            if (!(item instanceof ScalarNode scalar) || isNull(item)) {
                throw new ConfigException(file, lineOf(item), join(path, key), "must list strings, not " + describe(item));
            }
            String problem = check.apply(scalar.getValue());
            if (problem == null && values.contains(scalar.getValue())) {
                problem = "lists '" + scalar.getValue() + "' twice";
            }
            if (problem != null) {
                throw new ConfigException(file, lineOf(item), join(path, key), problem);
            }
            values.add(scalar.getValue());
        }
        return values;
    }

    ConfigException problem(String key, String problem) {
        Entry entry = entries.get(key);
        return new ConfigException(file, entry == null ? line : lineOf(entry.value()), join(path, key), problem);
    }

    private Node scalarOrNull(String key, String expected) {
        Entry entry = entries.get(key);
        if (entry == null || isNull(entry.value())) {
            return null;
        }
        if (!(entry.value() instanceof ScalarNode)) {
            throw wrongType(key, entry.value(), expected);
        }
        return entry.value();
    }

    private ConfigException wrongType(String key, Node node, String expected) {
        return new ConfigException(file, lineOf(node), join(path, key), "must be " + expected + ", not " + describe(node));
    }

    static int lineOf(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return isNull(node) ? "empty" : "'" + ((ScalarNode) node).getValue() + "'";
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag() == Tag.NULL;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
