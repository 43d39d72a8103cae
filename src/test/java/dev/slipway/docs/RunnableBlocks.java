package dev.slipway.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The fenced blocks of the docs whose info string is exactly {@code sh runnable}, with where each starts. */
final class RunnableBlocks {
    static final String INFO = "sh runnable";

    record Block(Path file, int line, String script) {
        String where() {
            return file + ":" + line;
        }
    }

    private RunnableBlocks() {}

    /** README.md and every Markdown page under docs/, in a stable order. */
    static List<Path> pages() {
        List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    static List<Block> in(Path file, String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].stripLeading();
            if (!fence.startsWith("```")) continue;
            int ticks = fence.length() - fence.replaceFirst("^`+", "").length();
            String info = fence.substring(ticks).strip();
            int indent = lines[i].length() - fence.length();
            int start = i;
            StringBuilder script = new StringBuilder();
            // CommonMark: the block ends at a line of at least as many backticks and nothing else; skipping to it
            // whatever the block is means a fence shown inside a longer one is never read as an opening.
            for (i++; i < lines.length && !closes(lines[i], ticks); i++) {
                String line = lines[i];
                script.append(line.length() >= indent && line.substring(0, indent).isBlank() ? line.substring(indent) : line.strip()).append('\n');
            }
            if (info.equals(INFO)) blocks.add(new Block(file, start + 1, script.toString()));
        }
        return blocks;
    }

    private static boolean closes(String line, int ticks) {
        String text = line.strip();
        return text.length() >= ticks && text.chars().allMatch(c -> c == '`');
    }
}
