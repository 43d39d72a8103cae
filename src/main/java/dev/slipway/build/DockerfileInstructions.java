package dev.slipway.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as a list of instructions, the way the builder reads it: continuation lines joined
 * (the escape character and the newline removed), comment lines dropped even inside a continuation,
 * and heredocs ({@code RUN <<EOF}, {@code COPY <<EOF /file}) appended as lines of the body and kept
 * one by one. Each instruction remembers where each of its physical lines starts, so a word found in
 * it maps back to its own line.
 * See https://docs.docker.com/reference/dockerfile/#format.
 */
public final class DockerfileInstructions {
    private static final Pattern ESCAPE_DIRECTIVE = Pattern.compile("^#\\s*escape\\s*=\\s*([\\\\`])\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern HEREDOC = Pattern.compile("<<(-?)\\s*([\"']?)([A-Za-z_][A-Za-z0-9_.-]*)\\2");

    /** A heredoc's name ({@code EOF}, or the file name in {@code COPY <<app.conf /etc/}), its text and the line its text starts on. */
    public record Heredoc(String name, String text, int firstLine) {}

    /** {@code keyword} upper case; {@code body} everything after it; {@code lineStarts}: offset in body → line. */
    public record Instruction(String keyword, String body, int line, List<int[]> lineStarts, List<Heredoc> heredocs) {
        public Instruction {
            heredocs = List.copyOf(heredocs);
        }

        /** The body's first line: flags and arguments, without heredoc text. */
        public String head() {
            int newline = body.indexOf('\n');
            return newline < 0 ? body : body.substring(0, newline);
        }

        /** The 1-based line of the character at {@code offset} of the body. */
        public int lineAt(int offset) {
            int found = line;
            for (int[] start : lineStarts) {
                if (start[0] <= offset) found = start[1];
            }
            return found;
        }
    }

    private DockerfileInstructions() {}

    public static List<Instruction> parse(String text) {
        String[] lines = text.split("\r?\n", -1);
        char escape = '\\';
        List<Instruction> out = new ArrayList<>();
        int i = 0;
        // Parser directives come first, before any instruction or blank line.
        while (i < lines.length) {
            Matcher m = ESCAPE_DIRECTIVE.matcher(lines[i].strip());
            if (m.matches()) {
                escape = m.group(1).charAt(0);
                i++;
            } else {
                break;
            }
        }
        while (i < lines.length) {
            String first = lines[i].strip();
            if (first.isEmpty() || first.startsWith("#")) {
                i++;
                continue;
            }
            int startLine = i + 1;
            StringBuilder joined = new StringBuilder();
            List<int[]> starts = new ArrayList<>();
            boolean more = true;
            while (more && i < lines.length) {
                String raw = lines[i];
                String trimmed = raw.strip();
                if (joined.length() > 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                    i++; // comment or blank line inside a continuation: not part of the instruction
                    continue;
                }
                String content = raw.stripTrailing();
                more = !content.isEmpty() && content.charAt(content.length() - 1) == escape;
                if (more) content = content.substring(0, content.length() - 1);
                starts.add(new int[] {joined.length(), i + 1});
                joined.append(content);
                i++;
            }
            String all = joined.toString().strip();
            int space = indexOfSpace(all);
            String keyword = (space < 0 ? all : all.substring(0, space)).toUpperCase(Locale.ROOT);
            int bodyStart = space < 0 ? all.length() : firstNonSpace(all, space);
            int shift = joined.indexOf(all) + bodyStart;
            StringBuilder body = new StringBuilder(all.substring(bodyStart));
            List<int[]> bodyStarts = new ArrayList<>();
            for (int[] s : starts) bodyStarts.add(new int[] {Math.max(0, s[0] - shift), s[1]});
            List<Heredoc> heredocs = new ArrayList<>();
            if (keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD")) i = appendHeredocs(lines, i, body, bodyStarts, heredocs);
            out.add(new Instruction(keyword, body.toString(), startLine, bodyStarts, heredocs));
        }
        return out;
    }

    /** Appends the lines of each heredoc the RUN opens, newline-separated, and returns the next line index. */
    private static int appendHeredocs(String[] lines, int i, StringBuilder body, List<int[]> starts, List<Heredoc> heredocs) {
        Matcher m = HEREDOC.matcher(body.toString());
        List<String[]> docs = new ArrayList<>();
        while (m.find()) docs.add(new String[] {m.group(3), m.group(1)});
        for (String[] doc : docs) {
            StringBuilder text = new StringBuilder();
            int first = i + 1;
            while (i < lines.length) {
                String line = doc[1].isEmpty() ? lines[i] : lines[i].stripLeading();
                if (line.strip().equals(doc[0])) {
                    i++;
                    break;
                }
                body.append('\n');
                starts.add(new int[] {body.length(), i + 1});
                body.append(lines[i]);
                text.append(line).append('\n');
                i++;
            }
            heredocs.add(new Heredoc(doc[0], text.toString(), first));
        }
        return i;
    }

    private static int indexOfSpace(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (Character.isWhitespace(s.charAt(k))) return k;
        }
        return -1;
    }

    private static int firstNonSpace(String s, int from) {
        int k = from;
        while (k < s.length() && Character.isWhitespace(s.charAt(k))) k++;
        return k;
    }
}
