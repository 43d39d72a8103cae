package dev.slipway.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectConfigParserTest {
    private static final String FULL = """
            services: [postgres, storage]
            web:
              port: 3000
              replicas: 3
              command: "gunicorn app:wsgi --bind 0.0.0.0:$PORT"
              health:
                path: /healthz
                timeout: 2m
                interval: 500ms
                successes: 3
              drain_timeout: 45
            migrate:
              - python3 manage.py migrate
              - python3 manage.py collectstatic --noinput
            processes:
              worker: {command: "python3 worker.py", replicas: 2}
              scheduler:
                command: python3 cron.py
            build:
              dockerfile: docker/Dockerfile.prod
              strict_pins: yes
            """;

    private static final ProjectConfig FULL_CONFIG = new ProjectConfig(
            List.of("postgres", "storage"),
            new ProjectConfig.Web(3000, 3,
                    new ProjectConfig.Health("/healthz", Duration.ofMinutes(2), Duration.ofMillis(500), 3),
                    Duration.ofSeconds(45), "gunicorn app:wsgi --bind 0.0.0.0:$PORT"),
            List.of("python3 manage.py migrate", "python3 manage.py collectstatic --noinput"),
            Map.of("worker", new ProjectConfig.Process("python3 worker.py", 2),
                    "scheduler", new ProjectConfig.Process("python3 cron.py", 1)),
            new ProjectConfig.Build("docker/Dockerfile.prod", true));

    static Stream<Arguments> validFiles() {
        ProjectConfig d = ProjectConfig.DEFAULT;
        return Stream.of(
                Arguments.of("full file with every key", FULL, FULL_CONFIG),
                Arguments.of("empty document gives defaults", "", d),
                Arguments.of("comment-only document gives defaults", "# nothing here\n", d),
                Arguments.of("empty sections give defaults", "services:\nweb:\nmigrate:\nprocesses:\nbuild:\n", d),
                Arguments.of("empty health keeps web values", "web:\n  port: 5000\n  health: {}\n",
                        new ProjectConfig(List.of(), new ProjectConfig.Web(5000, 1, ProjectConfig.Health.DEFAULT, ProjectConfig.Web.DEFAULT_DRAIN_TIMEOUT, null), List.of(), Map.of(), ProjectConfig.Build.DEFAULT)),
                Arguments.of("bare number is seconds, hours allowed", "web:\n  drain_timeout: 0\n  health:\n    timeout: 1h\n    interval: 2\n",
                        new ProjectConfig(List.of(), new ProjectConfig.Web(8080, 1, new ProjectConfig.Health("/", Duration.ofHours(1), Duration.ofSeconds(2), 2), Duration.ZERO, null), List.of(), Map.of(), ProjectConfig.Build.DEFAULT)),
                Arguments.of("process with zero replicas", "processes:\n  worker:\n    command: run\n    replicas: 0\n",
                        new ProjectConfig(List.of(), ProjectConfig.Web.DEFAULT, List.of(), Map.of("worker", new ProjectConfig.Process("run", 0)), ProjectConfig.Build.DEFAULT)),
                Arguments.of("dockerfile with a harmless ..", "build:\n  dockerfile: docker/../Dockerfile\n",
                        new ProjectConfig(List.of(), ProjectConfig.Web.DEFAULT, List.of(), Map.of(), new ProjectConfig.Build("docker/../Dockerfile", false))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFiles")
    void validFileParsesToConfig(String name, String yaml, ProjectConfig expected) {
        assertThat(ProjectConfigParser.parseYaml(yaml, "slipway.yaml")).isEqualTo(expected);
    }

    static Stream<Arguments> invalidFiles() {
        return Stream.of(
                Arguments.of("unknown top-level key", "web:\n  port: 80\ndatabase: pg\n", "slipway.yaml:3: 'database' is not a known key (known: services, web, migrate, processes, build, resources)"),
                Arguments.of("unknown nested key", "web:\n  port: 80\n  helth: {}\n", "slipway.yaml:3: 'web.helth' is not a known key (known: port, replicas, health, drain_timeout, command)"),
                Arguments.of("unknown key two levels down", "web:\n  health:\n    paht: /up\n", "slipway.yaml:3: 'web.health.paht' is not a known key"),
                Arguments.of("unknown key in a process", "processes:\n  worker:\n    command: x\n    cmd: y\n", "slipway.yaml:4: 'processes.worker.cmd' is not a known key (known: command, replicas)"),
                Arguments.of("port of the wrong type", "web:\n  port: eighty\n", "slipway.yaml:2: 'web.port' must be a whole number, not 'eighty'"),
                Arguments.of("quoted port is a string", "web:\n  port: \"8080\"\n", "slipway.yaml:2: 'web.port' must be a whole number"),
                Arguments.of("web as a list", "web:\n  - port\n", "slipway.yaml:2: 'web' must be a mapping"),
                Arguments.of("services as a string", "services: postgres\n", "slipway.yaml:1: 'services' must be a list, not 'postgres'"),
                Arguments.of("strict_pins not a boolean", "build:\n  strict_pins: maybe\n", "slipway.yaml:2: 'build.strict_pins' must be true or false"),
                Arguments.of("bad duration", "web:\n  health:\n    timeout: 10 seconds\n", "slipway.yaml:3: 'web.health.timeout' must be a duration like 500ms, 30s, 2m or 1h"),
                Arguments.of("zero interval", "web:\n  health:\n    interval: 0s\n", "slipway.yaml:3: 'web.health.interval' must be longer than zero"),
                Arguments.of("port out of range", "web:\n  port: 70000\n", "slipway.yaml:2: 'web.port' must be between 1 and 65535, not 70000"),
                Arguments.of("port zero", "web:\n  port: 0\n", "slipway.yaml:2: 'web.port' must be between 1 and 65535, not 0"),
                Arguments.of("too many replicas", "web:\n  replicas: 21\n", "slipway.yaml:2: 'web.replicas' must be between 1 and 20"),
                Arguments.of("zero successes", "web:\n  health:\n    successes: 0\n", "slipway.yaml:3: 'web.health.successes' must be between 1 and"),
                Arguments.of("health path without slash", "web:\n  health:\n    path: health\n", "slipway.yaml:3: 'web.health.path' must start with '/'"),
                Arguments.of("unknown service", "services:\n  - postgres\n  - mysql\n", "slipway.yaml:3: 'services' has unknown service 'mysql' (known: postgres, storage)"),
                Arguments.of("service twice", "services: [storage, storage]\n", "slipway.yaml:1: 'services' lists 'storage' twice"),
                Arguments.of("empty migrate command", "migrate:\n  - ''\n", "slipway.yaml:2: 'migrate' must not contain an empty command"),
                Arguments.of("migrate item not a string", "migrate:\n  - run: x\n", "slipway.yaml:2: 'migrate' must list strings, not a mapping"),
                Arguments.of("invalid process name", "processes:\n  Worker_1:\n    command: x\n", "slipway.yaml:2: 'processes.Worker_1' is not a valid process name"),
                Arguments.of("process named web", "processes:\n  web:\n    command: x\n", "slipway.yaml:2: 'processes.web' is reserved"),
                Arguments.of("missing process command", "processes:\n  worker:\n    replicas: 2\n", "slipway.yaml:2: 'processes.worker.command' is required"),
                Arguments.of("process given as a string", "processes:\n  worker: python3 worker.py\n", "slipway.yaml:2: 'processes.worker' must be a mapping of command, replicas"),
                Arguments.of("negative process replicas", "processes:\n  worker: {command: x, replicas: -1}\n", "slipway.yaml:2: 'processes.worker.replicas' must be between 0 and 20"),
                Arguments.of("absolute dockerfile", "build:\n  dockerfile: /etc/Dockerfile\n", "slipway.yaml:2: 'build.dockerfile' must be a path relative to the repository root"),
                Arguments.of("dockerfile escaping with ..", "build:\n  dockerfile: ../other/Dockerfile\n", "slipway.yaml:2: 'build.dockerfile' must stay inside the repository"),
                Arguments.of("empty web command", "web:\n  command: ''\n", "slipway.yaml:2: 'web.command' must not be empty"),
                Arguments.of("duplicate key", "web:\n  port: 80\n  port: 81\n", "slipway.yaml:3: 'web.port' is given twice (first on line 2)"),
                Arguments.of("yaml syntax error", "web:\n  port: 80\n  health: [unclosed\n", "slipway.yaml:4: is not valid YAML"),
                Arguments.of("bad indentation", "web:\n  port: 80\n replicas: 2\n", "slipway.yaml:3: is not valid YAML"),
                Arguments.of("top level is a list", "- web\n- build\n", "slipway.yaml:1: must be a mapping of services, web, migrate, processes, build, resources, not a list"),
                Arguments.of("top level is a scalar", "hello\n", "slipway.yaml:1: must be a mapping"),
                Arguments.of("two documents", "web: {}\n---\nbuild: {}\n", "slipway.yaml:2: is not valid YAML"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFiles")
    void invalidFileIsRejectedWithFileLineAndKey(String name, String yaml, String expectedMessage) {
        assertThatThrownBy(() -> ProjectConfigParser.parseYaml(yaml, "slipway.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedMessage);
    }

    @Test
    void configExceptionCarriesFileLineAndKeyAsFields() {
        assertThatThrownBy(() -> ProjectConfigParser.parseYaml("web:\n  port: x\n", "slipway.yml"))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo("slipway.yml");
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.field()).isEqualTo("web.port");
                });
    }

    static Stream<Arguments> procfiles() {
        ProjectConfig.Web d = ProjectConfig.Web.DEFAULT;
        return Stream.of(
                Arguments.of("web, release and workers",
                        "# comment\nweb: gunicorn app:wsgi\n\nrelease: python3 manage.py migrate\nworker: celery -A app worker\nclock:python3 clock.py\r\n",
                        new ProjectConfig(List.of(), new ProjectConfig.Web(d.port(), d.replicas(), d.health(), d.drainTimeout(), "gunicorn app:wsgi"),
                                List.of("python3 manage.py migrate"),
                                Map.of("worker", new ProjectConfig.Process("celery -A app worker", 1), "clock", new ProjectConfig.Process("python3 clock.py", 1)),
                                ProjectConfig.Build.DEFAULT)),
                Arguments.of("empty Procfile gives defaults", "\n# only comments\n", ProjectConfig.DEFAULT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("procfiles")
    void procfileParsesToConfig(String name, String text, ProjectConfig expected) {
        assertThat(ProjectConfigParser.parseProcfile(text, "Procfile")).isEqualTo(expected);
    }

    static Stream<Arguments> invalidProcfiles() {
        return Stream.of(
                Arguments.of("line without colon", "web: run\njust a command\n", "Procfile:2: is not a 'name: command' line"),
                Arguments.of("name without command", "web: run\nworker:\n", "Procfile:2: 'worker' has no command"),
                Arguments.of("invalid name", "web: run\n\nmy_worker: run\n", "Procfile:3: 'my_worker' is not a valid process name"),
                Arguments.of("duplicate name", "worker: a\nworker: b\n", "Procfile:2: 'worker' is given twice (first on line 1)"),
                Arguments.of("duplicate release", "release: a\nrelease: b\n", "Procfile:2: 'release' is given twice"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidProcfiles")
    void invalidProcfileIsRejectedWithLine(String name, String text, String expectedMessage) {
        assertThatThrownBy(() -> ProjectConfigParser.parseProcfile(text, "Procfile"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(expectedMessage);
    }

    static Stream<Arguments> renderedConfigs() {
        ProjectConfig.Web d = ProjectConfig.Web.DEFAULT;
        return Stream.of(
                Arguments.of("defaults", ProjectConfig.DEFAULT),
                Arguments.of("full", FULL_CONFIG),
                Arguments.of("tricky strings", new ProjectConfig(List.of("postgres"),
                        new ProjectConfig.Web(1, 20, new ProjectConfig.Health("/a%20b?x=1&y='2'", Duration.ofMillis(1500), Duration.ofSeconds(1), 1), Duration.ofMinutes(90), "sh -c \"echo: yes\" # not a comment"),
                        List.of("true", "8080", "- dash", "null", "multi\nline"),
                        Map.of("a", new ProjectConfig.Process("yes", 0)),
                        new ProjectConfig.Build("./sub/Dockerfile", true))),
                Arguments.of("from a Procfile", ProjectConfigParser.parseProcfile("web: run --port $PORT\nrelease: migrate\nworker: work\n", "Procfile")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderedConfigs")
    void renderedConfigReadsBackEqual(String name, ProjectConfig config) {
        String yaml = ProjectConfigParser.render(config);
        assertThat(ProjectConfigParser.parseYaml(yaml, "snapshot.yaml")).isEqualTo(config);
    }

    @Test
    void renderIsStableText() {
        assertThat(ProjectConfigParser.render(FULL_CONFIG)).isEqualTo(ProjectConfigParser.render(ProjectConfigParser.parseYaml(FULL, "slipway.yaml")));
    }

    static Stream<Arguments> healthPathsNoRequestCanCarry() {
        return Stream.of(
                Arguments.of("a space", "\"/up now\"", "must not contain a space or a control character"),
                Arguments.of("a tab", "\"/up\\tnow\"", "must not contain a space or a control character"),
                Arguments.of("a header injected", "\"/up\\r\\nHost: evil\"", "must not contain a space or a control character"),
                Arguments.of("a bell", "\"/up\\x07\"", "must not contain a space or a control character"),
                Arguments.of("a broken escape", "/up%zz", "is not a valid URL path"),
                Arguments.of("three thousand characters", "/" + "a".repeat(3000), "at most 1024 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("healthPathsNoRequestCanCarry")
    void healthPathThatNoRequestCanCarryIsRefusedWithFileLineAndKey(String what, String yamlValue, String says) {
        String yaml = "web:\n  port: 80\n  health:\n    path: " + yamlValue + "\n";
        assertThatThrownBy(() -> ProjectConfigParser.parseYaml(yaml, "slipway.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("slipway.yaml:4: 'web.health.path' ")
                .hasMessageContaining(says);
    }

    @Test
    void healthPathWithAQueryIsAccepted() {
        ProjectConfig config = ProjectConfigParser.parseYaml("web:\n  health:\n    path: /up?full=1&x=%20\n", "slipway.yaml");
        assertThat(config.web().health().path()).isEqualTo("/up?full=1&x=%20");
    }
}
