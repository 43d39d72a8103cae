package dev.slipway.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a shell script (a RUN body) into simple commands of words, well enough to find package
 * installs: quotes and backslashes are honoured, {@code && || ; | & ( )} and newlines end a command,
 * and leading variable assignments and wrappers ({@code sudo}, {@code env}, …) are dropped.
 * Each word keeps the offset of its first character, for line numbers.
 */
final class ShellCommands {
    record Word(String text, int offset, boolean quoted) {}

    // Wrappers and the shell keywords that may precede a command ("then apt-get install …").
    private static final Set<String> WRAPPERS = Set.of("sudo", "env", "exec", "time", "nice", "command", "nohup",
            "if", "then", "else", "elif", "do", "while", "until", "!", "{");

    private ShellCommands() {}

    static List<List<Word>> split(String script) {
        List<List<Word>> commands = new ArrayList<>();
        List<Word> current = new ArrayList<>();
        StringBuilder word = null;
        int wordStart = 0;
        char quote = 0;
        boolean quoted = false;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < script.length()) {
                    word.append(script.charAt(++i));
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                quote = c;
                quoted = true;
            } else if (c == '\\' && i + 1 < script.length()) {
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                word.append(script.charAt(++i));
            } else if (c == '#' && word == null) {
                while (i + 1 < script.length() && script.charAt(i + 1) != '\n') i++; // comment to end of line
            } else if (Character.isWhitespace(c) || "&|;()\n".indexOf(c) >= 0) {
                if (word != null) {
                    current.add(new Word(word.toString(), wordStart, quoted));
                    word = null;
                    quoted = false;
                }
                if (c == '\n' || "&|;()".indexOf(c) >= 0) {
                    end(commands, current);
                    current = new ArrayList<>();
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                    wordStart = i;
                }
                word.append(c);
            }
        }
        if (word != null) current.add(new Word(word.toString(), wordStart, quoted));
        end(commands, current);
        return commands;
    }

    private static void end(List<List<Word>> commands, List<Word> all) {
        List<Word> words = withoutRedirections(all);
        int start = 0;
        while (start < words.size()) {
            String w = words.get(start).text();
            if (WRAPPERS.contains(w) || w.matches("[A-Za-z_][A-Za-z0-9_]*=.*") || (start > 0 && w.startsWith("-") && isWrapper(words, start))) {
                start++;
            } else {
                break;
            }
        }
        if (start < words.size()) commands.add(List.copyOf(words.subList(start, words.size())));
    }

    /** Drops {@code > file}, {@code 2>/dev/null}, {@code <<EOF} and the like: they are not arguments. */
    private static List<Word> withoutRedirections(List<Word> words) {
        List<Word> kept = new ArrayList<>();
        for (int k = 0; k < words.size(); k++) {
            String w = words.get(k).text();
            if (!words.get(k).quoted() && w.matches("\\d*[<>].*")) {
                boolean targetAttached = w.matches("\\d*(<<-?|>>|[<>])&?.+");
                if (!targetAttached) k++;
                continue;
            }
            kept.add(words.get(k));
        }
        return kept;
    }

    /** A flag right after a wrapper ({@code sudo -E}, {@code env -i}) belongs to the wrapper. */
    private static boolean isWrapper(List<Word> words, int index) {
        for (int k = index - 1; k >= 0; k--) {
            String w = words.get(k).text();
            if (WRAPPERS.contains(w)) return true;
            if (!w.startsWith("-")) return false;
        }
        return false;
    }
}
