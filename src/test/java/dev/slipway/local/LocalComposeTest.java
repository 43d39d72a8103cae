package dev.slipway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `slipway local` on the real Docker engine through the compose tool installed here (Debian's
 * docker-compose v1 when the v2 plugin is absent). Each test has its own folder, image and compose
 * project name, and takes them all down afterwards.
 */
class LocalComposeTest {
    static final String DOCKERFILE = """
            FROM busybox:1.36
            RUN echo "%s" > /build-id
            COPY www /www
            CMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /www"]
            """;
    static final String CONFIG = """
            web:
              port: 8080
            migrate:
              - echo "$SLIPWAY_PROJECT $SLIPWAY_ENVIRONMENT $STORAGE_URL $GREETING" > /data/media/migrated.txt
            processes:
              worker:
                command: echo "worker up"; while true; do sleep 1; done
            """;
    static final Pattern BUILT = Pattern.compile("Successfully built ([0-9a-f]+)");

    @TempDir Path tmp;
    final List<Cleanup> cleanups = new ArrayList<>();
    final List<String> output = new CopyOnWriteArrayList<>();

    record Cleanup(LocalDev dev, String image, List<String> imageIds) {}

    @AfterEach
    void takeDown() throws IOException {
        ContainerEngine engine = DockerTestSupport.engine();
        for (Cleanup c : cleanups) {
            Path file = c.dev().project().composeFile();
            if (Files.exists(file) && ComposeYaml.isSlipways(Files.readString(file))) {
                c.dev().down(true);
            }
            engine.removeImage(c.image());
            c.imageIds().forEach(engine::removeImage);
        }
    }

    @Test
    void buildUsesTheLayerCacheTheSecondTimeAndNotWithNoCache() {
        Project p = project("build");

        assertThat(p.dev.build(false)).isZero();
        String first = builtId();
        assertThat(output).as("a first build of a new Dockerfile line").anyMatch(line -> line.contains("Running in"));
        output.clear();

        assertThat(p.dev.build(false)).isZero();
        assertThat(output).anyMatch(line -> line.contains("Using cache"));
        assertThat(builtId()).as("a cached build makes the same image").isEqualTo(first);
        output.clear();

        assertThat(p.dev.build(true)).isZero();
        assertThat(output).noneMatch(line -> line.contains("Using cache"));
        String uncached = builtId();
        p.imageIds.add(first);
        assertThat(uncached).as("--no-cache builds a new image").isNotEqualTo(first);
    }

    @Test
    void upServesTheAppWithoutMigratingMigrateRunsTheMigrationsAndDownLeavesNothing() throws Exception {
        Project p = project("up");
        Files.writeString(p.dir.resolve(".env"), "GREETING=hello-from-env\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        Path migrated = p.dir.resolve("data/media/migrated.txt");

        assertThat(p.dev.up()).as(String.join("\n", output)).isZero();

        assertThat(get(p.port)).isEqualTo("version 1\n");
        assertThat(output).contains("web: http://127.0.0.1:" + p.port + "/ (migrations are not run by up: `slipway local migrate` runs them)");
        assertThat(running(p)).hasSize(2);
        assertThat(migrated).as("up runs no migrations").doesNotExist();

        assertThat(p.dev.migrate()).as(String.join("\n", output)).isZero();
        assertThat(Files.readString(migrated)).isEqualTo(p.name + " local file:///data/media hello-from-env\n");
        assertThat(running(p)).as("the migration's one-off container is removed").hasSize(2);

        assertThat(p.dev.up()).as("up again while running: the port is ours").isZero();

        assertThat(p.dev.down(false)).isZero();
        assertThat(DockerTestSupport.engine().list(Map.of("com.docker.compose.project", p.composeProject))).isEmpty();
    }

    @Test
    void aTakenPortIsRefusedWithWhatToDoAndNothingStarts() throws Exception {
        Project p = project("port");
        try (ServerSocket taken = new ServerSocket(p.port, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(p.dev::up).isInstanceOf(PortTakenException.class)
                    .hasMessage("127.0.0.1:" + p.port + " is already in use, so the web cannot be published there; stop what listens on it,"
                            + " or choose another port: SLIPWAY_LOCAL_PORT=" + (p.port + 1) + " slipway local up (or set SLIPWAY_LOCAL_PORT in .env)");
        }
        assertThat(DockerTestSupport.engine().list(Map.of("com.docker.compose.project", p.composeProject))).isEmpty();
    }

    @Test
    void theComposeToolAcceptsTheFileOfAPostgresProject() throws Exception {
        Project p = project("postgres");
        p.write("slipway.yaml", "services: [postgres]\n" + CONFIG);
        p.dev.init(null, false);
        ComposeRunner compose = new ComposeRunner(ComposeTool.detect(System.getenv()), p.dir, p.composeProject, Map.of());

        ComposeRunner.Result config = compose.run(List.of("config"), Duration.ofMinutes(1), output::add);

        assertThat(config.exitCode()).as(String.join("\n", output)).isZero();
        assertThat(String.join("\n", output)).contains("condition: service_healthy").contains("image: postgres:16-alpine")
                .contains("DATABASE_URL: postgres://app:app@db:5432/app").contains("127.0.0.1:" + LocalOptions.DEFAULT_PORT + ":8080")
                .contains("pg_isready -U app -d app");
    }

    @Test
    void aForeignComposeFileIsNeitherOverwrittenNorRun() throws Exception {
        Project p = project("foreign");
        String theirs = "services:\n  web:\n    image: busybox:1.36\n";
        Files.writeString(p.dev.project().composeFile(), theirs);

        assertThatThrownBy(() -> p.dev.init(null, true)).isInstanceOf(ForeignComposeFileException.class)
                .hasMessageContaining("was not written by Slipway").hasMessageContaining("rename it");
        assertThatThrownBy(p.dev::up).isInstanceOf(ForeignComposeFileException.class);
        assertThatThrownBy(() -> p.dev.down(false)).isInstanceOf(ForeignComposeFileException.class);
        assertThat(Files.readString(p.dev.project().composeFile())).isEqualTo(theirs);
    }

    @Test
    void anExistingComposeFileIsKeptAndForceWritesItAgain() throws Exception {
        Project p = project("keep");
        assertThat(p.dev.init(null, false)).isEqualTo(LocalProject.InitOutcome.WRITTEN);
        Path file = p.dev.project().composeFile();
        String written = Files.readString(file);
        assertThat(written).startsWith(ComposeYaml.MARKER).contains("image: slipway-local/" + p.name + ":latest");
        assertThat(Files.readString(p.dir.resolve(".gitignore"))).isEqualTo(".env\n/data/\n");
        Files.writeString(file, written + "# my edit\n");

        assertThat(p.dev.init(null, false)).isEqualTo(LocalProject.InitOutcome.KEPT);
        assertThat(Files.readString(file)).endsWith("# my edit\n");

        assertThat(p.dev.init(null, true)).isEqualTo(LocalProject.InitOutcome.REWRITTEN);
        assertThat(Files.readString(file)).isEqualTo(written);
    }

    @Test
    void aFolderWithoutDockerfileIsToldToAddOne() throws Exception {
        Project p = project("nodockerfile");
        Files.delete(p.dir.resolve("Dockerfile"));

        assertThatThrownBy(() -> p.dev.init(null, false)).isInstanceOf(NoDockerfileException.class)
                .hasMessage("there is no Dockerfile in " + p.dir.toRealPath() + "; `slipway local` builds the web image from it,"
                        + " as the server does: add one, or name yours in slipway.yaml (build.dockerfile)");
        assertThatThrownBy(() -> p.dev.build(false)).isInstanceOf(NoDockerfileException.class);
        assertThat(p.dev.project().composeFile()).doesNotExist();
    }

    @Test
    void withoutAComposeToolTheMessageSaysWhatToInstall() throws IOException {
        Path emptyPath = Files.createDirectory(tmp.resolve("empty-bin"));

        assertThatThrownBy(() -> ComposeTool.detect(Map.of("PATH", emptyPath.toString())))
                .isInstanceOf(NoComposeToolException.class)
                .hasMessage("neither `docker compose` (v2) nor `docker-compose` (v1) runs on this machine (no `docker` on PATH either);"
                        + " install Docker Compose (the docker-compose-plugin package, or `apt-get install docker-compose`) and try again");
    }

    @Test
    void theInstalledComposeIsFound() {
        // This machine has Debian's docker-compose v1 and no v2 plugin: v1 must be chosen.
        ComposeTool tool = ComposeTool.detect(System.getenv());

        assertThat(tool.describe()).isEqualTo("docker-compose");
    }

    // --- helpers

    final class Project {
        final Path dir;
        final String name;
        final String composeProject;
        final int port;
        final LocalDev dev;
        final List<String> imageIds = new ArrayList<>();

        Project(String what) {
            String id = UUID.randomUUID().toString().substring(0, 8);
            name = "lt-" + what + "-" + id;
            composeProject = "slipwaytest" + what.replace("-", "") + id;
            dir = tmp.resolve(name);
            port = freePort();
            write("Dockerfile", DOCKERFILE.formatted(id));
            write("slipway.yaml", CONFIG);
            write("www/index.html", "version 1\n");
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("SLIPWAY_LOCAL_PORT", Integer.toString(port));
            dev = LocalDev.open(dir, composeProject, env, LocalOptions.DEFAULT, line -> {
                output.add(line);
                System.out.println("[" + composeProject + "] " + line);
            });
            cleanups.add(new Cleanup(dev, ComposeFiles.imageName(name), imageIds));
        }

        void write(String path, String content) {
            try {
                Path file = dir.resolve(path);
                Files.createDirectories(file.getParent());
                Files.writeString(file, content);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    Project project(String what) {
        return new Project(what);
    }

    String builtId() {
        return output.stream().map(BUILT::matcher).filter(Matcher::find).map(m -> m.group(1)).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no 'Successfully built' line in:\n" + String.join("\n", output)));
    }

    List<?> running(Project p) {
        return DockerTestSupport.engine().list(Map.of("com.docker.compose.project", p.composeProject)).stream()
                .filter(c -> c.running()).toList();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The web may need a moment after `up -d` returns; bounded at 30 s. */
    static String get(int port) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
                last = new IOException("status " + r.statusCode());
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("nothing answered on 127.0.0.1:" + port + ": " + last);
    }
}
