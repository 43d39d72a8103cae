package dev.slipway.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runtime dependencies a {@code pip install .} resolves from {@code pyproject.toml}: the
 * {@code [project]} table's {@code dependencies} array (PEP 621) and Poetry's
 * {@code [tool.poetry.dependencies]}. Read line by line, enough for the way these files are written;
 * build requirements and optional extras are left out.
 */
final class PyprojectDependencies {
    /** One dependency: its line, and the requirement as pip reads it ({@code flask>=3}, or {@code flask ^3.0} for Poetry). */
    record Dependency(int line, String requirement, boolean poetry) {
        /** Poetry's bare version ({@code "3.0.3"}) is exact; anything else there is a range. */
        boolean pinned() {
            if (!poetry) return Requirements.isPinned(requirement);
            String version = requirement.substring(requirement.indexOf(' ') + 1).strip();
            return version.matches("(==)?\\d+(\\.\\d+)*([a-z]+\\d*)?");
        }
    }

    private static final Pattern TABLE = Pattern.compile("^\\[\\s*([^\\]]+?)\\s*]\\s*(#.*)?$");
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'");
    private static final Pattern POETRY_LINE = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)\\s*=\\s*(.+)$");
    private static final Pattern POETRY_VERSION = Pattern.compile("version\\s*=\\s*[\"']([^\"']*)[\"']");

    private PyprojectDependencies() {}

    static List<Dependency> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        List<Dependency> out = new ArrayList<>();
        String table = "";
        boolean inArray = false;
        for (int i = 0; i < lines.length; i++) {
            String line = withoutComment(lines[i]).strip();
            Matcher header = TABLE.matcher(line);
            if (!inArray && header.matches() && !line.startsWith("[[")) {
                table = header.group(1);
                continue;
            }
            if (table.equals("project") && !inArray && line.matches("dependencies\\s*=\\s*\\[.*")) {
                inArray = true;
                line = line.substring(line.indexOf('[') + 1);
            }
            if (inArray) {
                Matcher m = STRING.matcher(line);
                while (m.find()) out.add(new Dependency(i + 1, (m.group(1) != null ? m.group(1) : m.group(2)).strip(), false));
                if (line.contains("]") && !inQuotes(line, line.lastIndexOf(']'))) inArray = false;
            } else if (table.equals("tool.poetry.dependencies")) {
                Matcher m = POETRY_LINE.matcher(line);
                if (!m.matches() || m.group(1).equals("python")) continue;
                String value = m.group(2).strip();
                Matcher version = POETRY_VERSION.matcher(value);
                String v = value.startsWith("{") ? (version.find() ? version.group(1) : null) : unquote(value);
                if (v != null) out.add(new Dependency(i + 1, m.group(1) + " " + v, true)); // git/path dependencies carry no version
            }
        }
        return out;
    }

    private static String withoutComment(String line) {
        for (int k = 0; k < line.length(); k++) {
            if (line.charAt(k) == '#' && !inQuotes(line, k)) return line.substring(0, k);
        }
        return line;
    }

    private static boolean inQuotes(String line, int index) {
        char quote = 0;
        for (int k = 0; k < index; k++) {
            char c = line.charAt(k);
            if (quote == 0 && (c == '"' || c == '\'')) {
                quote = c;
            } else if (c == quote) {
                quote = 0;
            }
        }
        return quote != 0;
    }

    private static String unquote(String value) {
        Matcher m = STRING.matcher(value);
        return m.lookingAt() ? (m.group(1) != null ? m.group(1) : m.group(2)) : value;
    }
}
