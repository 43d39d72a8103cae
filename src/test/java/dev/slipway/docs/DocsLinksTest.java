package dev.slipway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README stays a front page, and every link between the docs' pages leads somewhere. */
class DocsLinksTest {
    // The issue's limit: the README is a front page, the rest lives under docs/.
    static final int README_MAX_LINES = 150;
    static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    @Test
    void theReadmeIsUnder150LinesAndOpensWithTheTwoCommands() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("README.md"));

        assertThat(lines.size()).as("README.md's lines").isLessThan(README_MAX_LINES);
        // CI and QuickstartIT rely on these being the README's first commands.
        assertThat(lines.subList(0, 5)).containsExactly("# Slipway", "", "```sh",
                "bin/slipway quickstart      # start Slipway with its embedded defaults and deploy the bundled example to test",
                "scripts/test                # run the whole test suite (starts Docker, PostgreSQL and the local base images first)");
    }

    @Test
    void theReadmeLinksTheGuidesTheReferencesAndThePicture() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(readme).contains("](docs/reference/cli.md)", "](docs/reference/api.md)", "](docs/reference/slipway-yaml.md)",
                "](docs/getting-started.md)", "](docs/troubleshooting.md)", "](docs/images/web-ui.png)");
    }

    @Test
    void everyRelativeLinkOfTheDocsNamesAFileAndAHeadingThatExist() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path page : RunnableBlocks.pages()) {
            Matcher link = LINK.matcher(outsideCode(Files.readString(page)));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) continue;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? page : page.toAbsolutePath().getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(page + ": " + target + " (no such file)");
                } else if (target.contains("#") && resolved.toString().endsWith(".md")
                        && !anchorsOf(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(page + ": " + target + " (no such heading)");
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    /** GitHub's ids: each heading lower-cased, punctuation dropped, spaces as dashes; plus explicit anchors. */
    static Set<String> anchorsOf(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        for (String line : outsideCode(Files.readString(page)).split("\n")) {
            if (line.matches("^#{1,6} .*")) {
                String text = line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
            Matcher a = ANCHOR.matcher(line);
            while (a.find()) anchors.add(a.group(1));
        }
        return anchors;
    }

    /** The page without its fenced blocks, where a ']( ' or a '#' is code, not a link or a heading. */
    static String outsideCode(String text) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (String line : text.split("\r?\n", -1)) {
            if (line.stripLeading().startsWith("```")) {
                inside = !inside;
                continue;
            }
            if (!inside) out.append(line).append('\n');
        }
        return out.toString();
    }
}
