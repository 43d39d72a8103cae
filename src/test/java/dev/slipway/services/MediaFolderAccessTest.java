package dev.slipway.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.ContainerSpec;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.LogSink;
import dev.slipway.engine.RunResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server's media folder: usable by the environment's containers whatever user they run as, by no other host user. */
class MediaFolderAccessTest {
    static final String NOT_ROOT = "slipway-test/media-user:" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    static ContainerEngine engine;

    @TempDir Path data;
    ProviderFixture fixture;
    FileStorageProvider storage;

    @BeforeAll
    static void buildImage() {
        engine = DockerTestSupport.engine();
        DockerTestSupport.buildImage(NOT_ROOT, Map.of("Dockerfile", "FROM busybox:1.36\nUSER 1000:1000\n"));
    }

    @AfterAll
    static void removeImage() {
        engine.removeImage(NOT_ROOT);
    }

    @BeforeEach
    void setUp() {
        fixture = new ProviderFixture(data, "test");
        storage = new FileStorageProvider(data.resolve("media"), fixture.records);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void theMediaFolderIsNotWorldWritableYetAContainerThatIsNotRootWritesToIt() throws IOException {
        Provisioned provisioned = storage.provision(fixture.project, "test");
        Path dir = storage.directory(fixture.project, "test");

        assertThat(mode(dir)).isEqualTo(02770);
        assertThat(Files.getAttribute(dir, "unix:gid")).isEqualTo(MediaAccess.GROUP);
        assertThat(provisioned.groups()).containsExactly(Integer.toString(MediaAccess.GROUP));

        RunResult wrote = run(provisioned, provisioned.groups(), "id -u; mkdir /data/media/uploads && echo hello > /data/media/uploads/a.txt");
        assertThat(wrote.exitCode()).as(String.join("\n", wrote.lastLines())).isZero();
        assertThat(wrote.lastLines()).contains("1000");
        Path written = dir.resolve("uploads/a.txt");
        assertThat(written).hasContent("hello");
        assertThat(Files.getAttribute(written, "unix:uid")).isEqualTo(1000);
        assertThat(Files.getAttribute(written, "unix:gid")).as("the folder's setgid bit").isEqualTo(MediaAccess.GROUP);
        // The app's umask decides the modes of what it writes; other host users are kept out by the folder itself.
    }

    @Test
    void withoutTheGroupTheSameUserCannotWrite() {
        Provisioned provisioned = storage.provision(fixture.project, "test");

        RunResult refused = run(provisioned, List.of(), "echo hello > /data/media/a.txt");

        assertThat(refused.exitCode()).isNotZero();
        assertThat(String.join("\n", refused.lastLines())).contains("Permission denied");
    }

    @Test
    void aFolderFromAnOlderVersionIsRepairedWhenTheEnvironmentProvisionsIt() throws IOException {
        Path dir = Files.createDirectories(storage.directory(fixture.project, "test"));
        Files.setAttribute(dir, "unix:mode", 0777);

        storage.provision(fixture.project, "test");

        assertThat(mode(dir)).isEqualTo(02770);
    }

    @Test
    void pushedMediaGetsTheGroupAndNoModeForOthers() throws Exception {
        storage.provision(fixture.project, "test");
        Path dir = storage.directory(fixture.project, "test");
        StorageTransfer transfer = new StorageTransfer(storage, data.resolve("work"));

        transfer.replace(fixture.project, "test", tar("img/logo.png", "png"));

        assertThat(mode(dir.resolve("img"))).isEqualTo(02770);
        assertThat(mode(dir.resolve("img/logo.png"))).isEqualTo(0660);
        assertThat(Files.getAttribute(dir.resolve("img/logo.png"), "unix:gid")).isEqualTo(MediaAccess.GROUP);
        RunResult read = run(storage.provision(fixture.project, "test"), List.of(Integer.toString(MediaAccess.GROUP)),
                "cat /data/media/img/logo.png && echo more >> /data/media/img/logo.png");
        assertThat(read.exitCode()).as(String.join("\n", read.lastLines())).isZero();
        assertThat(read.lastLines()).contains("png");
    }

    @Test
    void aDeployedAppThatIsNotRootWritesItsMedia() throws IOException {
        Path repoDir = data.resolve("repo");
        dev.slipway.testing.TestRepo.create(repoDir).commit("v1", Map.of(
                "Dockerfile", """
                        FROM busybox:1.36
                        COPY www /www
                        USER 1000:1000
                        CMD ["sh", "-c", "echo stored > /data/media/boot.txt && exec httpd -f -p \\"$PORT\\" -h /www"]
                        """,
                "slipway.yaml", "services: [storage]\nweb:\n  port: 8080\n  health:\n    timeout: 20s\n    interval: 200ms\n",
                "www/index.html", "up\n"));
        dev.slipway.testing.TestServer server = dev.slipway.testing.TestServer.start(data.resolve("server"));
        try {
            server.createProject("media", repoDir.toUri().toString());
            var done = server.deployAndAwait("media", "test", "main");
            assertThat(done.get("deployment").get("status").asText()).as(server.log(done.get("deployment").get("id").asLong())).isEqualTo("SUCCEEDED");
        } finally {
            server.closeAndRemoveWhatItRan();
        }
        Path dir = data.resolve("server/media/media/test");
        assertThat(dir.resolve("boot.txt")).hasContent("stored");
        assertThat(mode(dir)).isEqualTo(02770);
    }

    private RunResult run(Provisioned provisioned, List<String> groups, String script) {
        ContainerSpec spec = ContainerSpec.of(null, NOT_ROOT)
                .withCommand(List.of("/bin/sh", "-c", script + " 2>&1"))
                .withLabels(DockerTestSupport.TEST_LABELS)
                .withMounts(provisioned.mounts())
                .withGroups(groups);
        return engine.run(spec, Duration.ofSeconds(30), LogSink.NONE);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static ByteArrayInputStream tar(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return new ByteArrayInputStream(out.toByteArray());
    }
}
