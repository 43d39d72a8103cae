package dev.slipway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every relative link of the reference pages reaches a file, and a #fragment a heading of it, as GitHub renders them. */
class ReferenceLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern FENCED = Pattern.compile("(?s)```.*?```");

    @Test
    void everyLinkOfTheReferencePagesReachesAFileAndHeading() throws IOException {
        List<Path> pages;
        try (Stream<Path> files = Files.list(Path.of("docs/reference"))) {
            pages = files.filter(p -> p.toString().endsWith(".md")).sorted().toList();
        }
        assertThat(pages).as("reference pages").hasSizeGreaterThanOrEqualTo(4);
        List<String> broken = new ArrayList<>();
        int links = 0;
        for (Path page : pages) {
            Matcher link = LINK.matcher(FENCED.matcher(Files.readString(page)).replaceAll(""));
            while (link.find()) {
                String url = link.group(1);
                if (url.matches("[a-z]+:.*")) continue;
                links++;
                int hash = url.indexOf('#');
                String file = hash < 0 ? url : url.substring(0, hash);
                Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
                if (!Files.exists(target)) broken.add(page + ": " + url + " (no such file)");
                else if (hash >= 0 && target.toString().endsWith(".md") && !anchors(target).contains(url.substring(hash + 1))) {
                    broken.add(page + ": " + url + " (no such heading)");
                }
            }
        }
        assertThat(links).as("links checked").isGreaterThan(50);
        assertThat(broken).as("broken links").isEmpty();
    }

    static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : FENCED.matcher(Files.readString(page)).replaceAll("").split("\n")) {
            if (line.matches("#+ .*")) {
                anchors.add(Anchors.of(line.replaceFirst("#+ ", "")));
            }
        }
        return anchors;
    }
}
