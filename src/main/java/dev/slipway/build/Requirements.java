package dev.slipway.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * pip requirement files (https://pip.pypa.io/en/stable/reference/requirements-file-format/): one
 * requirement per logical line, {@code \} continues a line, {@code #} after whitespace starts a
 * comment, {@code -r FILE} includes another file (relative to this one).
 */
final class Requirements {
    enum Kind { REQUIREMENT, INCLUDE, CONSTRAINT }

    /** A line that names a requirement, an included file ({@code -r}) or a constraints file ({@code -c}). */
    record Line(int number, String text, Kind kind) {}

    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-c", "--constraint", "-e", "--editable", "-i", "--index-url",
            "--extra-index-url", "-f", "--find-links", "--trusted-host", "--no-binary", "--only-binary", "--use-feature");

    private Requirements() {}

    static List<Line> parse(String text) {
        String[] physical = text.split("\r?\n", -1);
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < physical.length; i++) {
            int number = i + 1;
            StringBuilder logical = new StringBuilder(physical[i]);
            while (endsWithBackslash(logical) && i + 1 < physical.length) {
                logical.setLength(logical.length() - 1);
                logical.append(physical[++i]);
            }
            String line = stripComment(logical.toString()).strip();
            if (line.isEmpty()) continue;
            String[] words = line.split("\\s+");
            String first = words[0];
            Kind kind = first.startsWith("-c") || first.startsWith("--constraint") ? Kind.CONSTRAINT : Kind.INCLUDE;
            if (first.equals("-r") || first.equals("--requirement") || first.equals("-c") || first.equals("--constraint")) {
                if (words.length > 1) out.add(new Line(number, words[1], kind));
            } else if (first.startsWith("--requirement=") || first.startsWith("--constraint=")) {
                out.add(new Line(number, first.substring(first.indexOf('=') + 1), kind));
            } else if ((first.startsWith("-r") || first.startsWith("-c")) && first.length() > 2 && !first.startsWith("--")) {
                out.add(new Line(number, first.substring(2), kind));
            } else if (!first.startsWith("-") && !OPTIONS_WITH_VALUE.contains(first)) {
                out.add(new Line(number, line, Kind.REQUIREMENT));
            }
        }
        return out;
    }

    /**
     * Pinned means one exact version ({@code ==} or {@code ===}, extras and markers allowed), a direct
     * reference ({@code name @ URL}), or a local path, archive or URL.
     */
    static boolean isPinned(String requirement) {
        String r = requirement.strip();
        int marker = r.indexOf(';');
        String spec = marker < 0 ? r : r.substring(0, marker).strip();
        if (spec.startsWith("$") || spec.startsWith(".") || spec.startsWith("/") || spec.contains("://")
                || spec.matches(".*\\.(whl|zip|tar\\.gz|tgz)")) {
            return true;
        }
        if (spec.matches("[A-Za-z0-9][A-Za-z0-9._-]*(\\[[^]]*])?\\s*@\\s*\\S+")) return true;
        // Exactly one clause, and it is ==X (no wildcard) or ===X.
        String clauses = spec.replaceFirst("^[A-Za-z0-9][A-Za-z0-9._-]*(\\[[^]]*])?", "").replaceAll("--hash=\\S+", "").strip();
        return clauses.matches("===?\\s*[^,*\\s]+");
    }

    /** The project name as pip compares it (PEP 503): lower case, runs of "-_." as one "-", no extras. */
    static String normalizedName(String requirement) {
        return name(requirement).replaceAll("\\[.*", "").toLowerCase(java.util.Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    static String name(String requirement) {
        String r = requirement.strip();
        int end = 0;
        while (end < r.length() && (Character.isLetterOrDigit(r.charAt(end)) || "._-[]".indexOf(r.charAt(end)) >= 0)) end++;
        return end == 0 ? r : r.substring(0, end);
    }

    private static boolean endsWithBackslash(CharSequence s) {
        return s.length() > 0 && s.charAt(s.length() - 1) == '\\';
    }

    private static String stripComment(String line) {
        if (line.stripLeading().startsWith("#")) return "";
        for (int k = 1; k < line.length(); k++) {
            if (line.charAt(k) == '#' && Character.isWhitespace(line.charAt(k - 1))) return line.substring(0, k);
        }
        return line;
    }
}
