package dev.slipway.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The {@code resources} section of {@code slipway.yaml}: limits on every container of the project. */
class ResourcesConfigTest {
    private static final long MIB = 1024 * 1024;

    private static ProjectConfig.Resources parse(String yaml) {
        return ProjectConfigParser.parseYaml(yaml, "slipway.yaml").resources();
    }

    @Test
    void withoutTheSectionEveryContainerGetsTheDefaults() {
        assertThat(parse("web:\n  port: 80\n")).isEqualTo(new ProjectConfig.Resources(512 * MIB, 1000, 256));
        assertThat(parse("resources:\n")).isEqualTo(ProjectConfig.Resources.DEFAULT);
        assertThat(ProjectConfigParser.parseProcfile("web: run\n", "Procfile").resources()).isEqualTo(ProjectConfig.Resources.DEFAULT);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("resources: {memory: 1g, cpus: 2, pids: 512}\n", new ProjectConfig.Resources(1024 * MIB, 2000, 512)),
                Arguments.of("resources:\n  memory: 256M\n  cpus: 0.5\n", new ProjectConfig.Resources(256 * MIB, 500, 256)),
                Arguments.of("resources:\n  memory: 64mb\n  cpus: '1.25'\n", new ProjectConfig.Resources(64 * MIB, 1250, 256)),
                Arguments.of("resources:\n  memory: 6291456\n  cpus: 0.01\n", new ProjectConfig.Resources(6 * MIB, 10, 256)),
                Arguments.of("resources:\n  memory: 10240k\n  pids: 16\n", new ProjectConfig.Resources(10 * MIB, 1000, 16)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void sizesCoresAndProcessCountsAreRead(String yaml, ProjectConfig.Resources expected) {
        assertThat(parse(yaml)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("resources:\n  memory: lots\n", "slipway.yaml:2: 'resources.memory' must be a size like 256m or 1g"),
                Arguments.of("resources:\n  memory: 512 MB\n", "slipway.yaml:2: 'resources.memory' must be a size like 256m or 1g"),
                Arguments.of("resources:\n  memory: 1m\n", "slipway.yaml:2: 'resources.memory' must be between 6m and 1024g, not '1m'"),
                Arguments.of("resources:\n  memory: 2000g\n", "slipway.yaml:2: 'resources.memory' must be between 6m and 1024g"),
                Arguments.of("resources:\n  memory: [512m]\n", "slipway.yaml:2: 'resources.memory' must be a string, not a list"),
                Arguments.of("resources:\n  cpus: half\n", "slipway.yaml:2: 'resources.cpus' must be a number of cores like 1 or 0.5, not 'half'"),
                Arguments.of("resources:\n  cpus: -1\n", "slipway.yaml:2: 'resources.cpus' must be a number of cores"),
                Arguments.of("resources:\n  cpus: 0\n", "slipway.yaml:2: 'resources.cpus' must be between 0.01 and 1024, not '0'"),
                Arguments.of("resources:\n  cpus: 0.0001\n", "slipway.yaml:2: 'resources.cpus' must be a number of cores"),
                Arguments.of("resources:\n  pids: 0\n", "slipway.yaml:2: 'resources.pids' must be between 16 and 1000000, not 0"),
                Arguments.of("resources:\n  pids: many\n", "slipway.yaml:2: 'resources.pids' must be a whole number, not 'many'"),
                Arguments.of("web:\n  port: 80\nresources:\n  memroy: 1g\n", "slipway.yaml:4: 'resources.memroy' is not a known key (known: memory, cpus, pids)"),
                Arguments.of("resources: 512m\n", "slipway.yaml:1: 'resources' must be a mapping of memory, cpus, pids, not '512m'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void aBadValueIsRefusedNamingFileLineAndKey(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(ConfigException.class).hasMessageStartingWith(message);
    }

    @Test
    void aReleaseSnapshotKeepsTheLimits() {
        ProjectConfig config = new ProjectConfig(List.of(), ProjectConfig.Web.DEFAULT, List.of(), Map.of(), ProjectConfig.Build.DEFAULT,
                new ProjectConfig.Resources(768 * MIB, 1500, 100));

        String yaml = ProjectConfigParser.render(config);

        assertThat(yaml).contains("resources:\n  memory: 768m\n  cpus: '1.5'\n  pids: 100\n");
        assertThat(ProjectConfigParser.parseYaml(yaml, "snapshot.yaml")).isEqualTo(config);
    }
}
