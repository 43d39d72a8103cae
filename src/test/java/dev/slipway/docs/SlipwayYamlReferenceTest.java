package dev.slipway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.ConfigException;
import dev.slipway.project.ProjectConfig;
import dev.slipway.project.ProjectConfigParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/reference/slipway-yaml.md is written by hand, so it is held to the keys the parser really accepts. */
class SlipwayYamlReferenceTest {
    static final Path PAGE = Path.of("docs/reference/slipway-yaml.md");
    // A key row of a reference table: | `web.health.path` | default | meaning |
    private static final Pattern KEY_ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    static List<String> documentedKeys(String page) {
        List<String> keys = new ArrayList<>();
        for (String line : page.split("\n")) {
            Matcher m = KEY_ROW.matcher(line);
            if (m.find()) keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void everyKeyTheParserAcceptsIsDocumentedAndEveryDocumentedKeyIsAccepted() throws IOException {
        List<String> documented = documentedKeys(Files.readString(PAGE));
        List<String> known = ProjectConfigParser.knownKeys();
        assertThat(known).as("the parser's keys").contains("web.health.successes", "resources.pids", "processes.<name>.command");

        assertThat(known.stream().filter(key -> !documented.contains(key)).toList())
                .as("keys the parser accepts but " + PAGE + " does not document").isEmpty();
        assertThat(documented.stream().filter(key -> !known.contains(key)).toList())
                .as("keys " + PAGE + " documents but the parser refuses").isEmpty();
        assertThat(documented).as("keys " + PAGE + " documents twice").doesNotHaveDuplicates();
    }

    @Test
    void theWholeFileWithItsDefaultsParsesToTheDefaultConfig() throws IOException {
        String page = Files.readString(PAGE);
        int start = page.indexOf("```yaml\n");
        assertThat(start).as("a yaml block in " + PAGE).isNotNegative();
        String yaml = page.substring(start + "```yaml\n".length(), page.indexOf("\n```", start));

        assertThat(ProjectConfigParser.parseYaml(yaml, "slipway.yaml")).isEqualTo(ProjectConfig.DEFAULT);
    }

    @Test
    void theErrorShownForAMisspelledKeyIsTheOneTheParserGives() throws IOException {
        String yaml = "web:\n  port: 8080\n  replicas: 1\n  helth:\n    path: /\n";
        assertThatThrownBy(() -> ProjectConfigParser.parseYaml(yaml, "slipway.yaml"))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(Files.readString(PAGE)).contains("`" + e.getMessage() + "`"));
    }
}
