package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * A RUN command cut into its simple commands (at {@code && || ; |} outside quotes), each as its
 * words with quotes removed. Enough to find "apt-get install …" in a RUN line; not a shell.
 */
final class ShellSegments {
    record Segment(String text, List<String> words) {}

    private ShellSegments() {}

    static List<Segment> of(String command) {
        List<Segment> segments = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (quote != 0) {
                if (c == quote) quote = 0;
                else word.append(c);
                text.append(c);
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
                text.append(c);
            } else if (c == '&' || c == '|' || c == ';') {
                inWord = flush(words, word, inWord);
                flushSegment(segments, text, words);
                words = new ArrayList<>();
            } else if (Character.isWhitespace(c)) {
                inWord = flush(words, word, inWord);
                text.append(c);
            } else {
                word.append(c);
                inWord = true;
                text.append(c);
            }
        }
        flush(words, word, inWord);
        flushSegment(segments, text, words);
        return segments;
    }

    private static boolean flush(List<String> words, StringBuilder word, boolean inWord) {
        if (inWord) words.add(word.toString());
        word.setLength(0);
        return false;
    }

    private static void flushSegment(List<Segment> segments, StringBuilder text, List<String> words) {
        String t = text.toString().strip();
        if (!words.isEmpty()) segments.add(new Segment(t, List.copyOf(words)));
        text.setLength(0);
    }

    /** The index just after {@code tool … verb} (e.g. "apt-get install"), or -1. Options between them are skipped. */
    static int after(List<String> words, List<String> tools, List<String> verbs) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            String name = w.substring(w.lastIndexOf('/') + 1);
            if (!tools.contains(name)) continue;
            for (int k = i + 1; k < words.size(); k++) {
                if (verbs.contains(words.get(k))) return k + 1;
                String option = words.get(k);
                if (!option.startsWith("-") && !option.contains("=") && !option.equals("pip") && !option.equals("pip3")) break;
            }
        }
        return -1;
    }
}
