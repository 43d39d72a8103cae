package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile's last stage (the one the image is), FROM first, each with its
 * line number. Comments and blank lines are skipped, continuation lines joined as the builder joins
 * them; the {@code # escape=} parser directive is honoured. Heredocs are not understood.
 */
final class DockerfileStages {
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("#\\s*escape\\s*=\\s*(\\S)\\s*", Pattern.CASE_INSENSITIVE);
    private static final Pattern DIRECTIVE = Pattern.compile("#\\s*[a-zA-Z]+\\s*=.*");

    private DockerfileStages() {}

    static List<Instruction> lastStage(String dockerfile) {
        List<Instruction> all = instructions(dockerfile == null ? "" : dockerfile);
        int from = 0;
        for (int i = 0; i < all.size(); i++) if (all.get(i).keyword().equals("FROM")) from = i;
        return all.subList(from, all.size());
    }

    static List<Instruction> instructions(String dockerfile) {
        String[] lines = dockerfile.split("\r?\n", -1);
        char escape = escapeCharacter(lines);
        List<Instruction> result = new ArrayList<>();
        StringBuilder current = null;
        int start = 0;
        boolean joined = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) continue;
            if (current == null) {
                current = new StringBuilder();
                start = i + 1;
                joined = false;
            } else {
                joined = true;
            }
            boolean continues = trimmed.charAt(trimmed.length() - 1) == escape;
            current.append(continues ? stripTrailing(line, escape) : line);
            if (!continues) {
                add(result, start, current.toString(), joined);
                current = null;
            }
        }
        if (current != null) add(result, start, current.toString(), joined);
        return result;
    }

    private static String stripTrailing(String line, char escape) {
        String trimmed = line.stripTrailing();
        return trimmed.substring(0, trimmed.length() - 1);
    }

    // Continuation lines keep their indentation in the builder's text; shown, it is one space.
    private static void add(List<Instruction> result, int line, String text, boolean joined) {
        String stripped = text.strip();
        int space = firstWhitespace(stripped);
        String keyword = (space < 0 ? stripped : stripped.substring(0, space)).toUpperCase(Locale.ROOT);
        String arguments = space < 0 ? "" : stripped.substring(space).strip();
        if (joined) arguments = arguments.replaceAll("\\s+", " ");
        result.add(new Instruction(line, keyword, arguments));
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    // Parser directives are only valid before the first instruction or comment that is not one.
    private static char escapeCharacter(String[] lines) {
        for (String line : lines) {
            String trimmed = line.strip();
            Matcher m = ESCAPE_DIRECTIVE.matcher(trimmed);
            if (m.matches()) return m.group(1).charAt(0);
            if (!DIRECTIVE.matcher(trimmed).matches()) break;
        }
        return '\\';
    }
}
