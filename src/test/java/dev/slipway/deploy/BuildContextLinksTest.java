package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository's symbolic links never pull the server's files into a build: the context is made from
 * the checkout without following links, and a link is sent as a link, as docker build sends it.
 */
class BuildContextLinksTest {
    @TempDir static Path tmp;
    static TestServer server;
    static ContainerEngine engine;
    static Path data;
    static final List<String> images = new ArrayList<>();

    @BeforeAll
    static void startServer() throws IOException {
        engine = DockerTestSupport.engine();
        data = tmp.resolve("data").toAbsolutePath();
        server = TestServer.start(data);
        // Stands for the database and the workspaces: anything else the data folder holds.
        Files.writeString(data.resolve("canary"), "canary-" + UUID.randomUUID() + "\n");
    }

    @AfterAll
    static void stopServer() {
        server.closeAndRemoveWhatItRan();
        images.forEach(engine::removeImage);
    }

    @Test
    void aLinkToTheDataFolderDoesNotPutItsFilesInTheBuildLogOrTheImage() throws Exception {
        String project = newName();
        Path repoDir = tmp.resolve(project);
        TestRepo repo = TestRepo.create(repoDir);
        commitWithLinks(repo, repoDir, Map.of("Dockerfile", """
                FROM busybox:1.36
                COPY . /ctx
                RUN for f in /ctx/leakdir/admin-token /ctx/leakdir/secret-key /ctx/leakdir/canary /ctx/tokenlink \\
                        /ctx/keylink /ctx/uplink/admin-token /ctx/uplink/canary; do cat "$f" 2>&1; done; true
                RUN echo "link current -> $(readlink /ctx/current)"
                COPY current/ /app/
                RUN echo "through the link: $(cat /app/hello.txt)"
                CMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /app"]
                """, "releases/v1/hello.txt", "hello from inside\n", "releases/v1/index.html", "ok\n"),
                Map.of("leakdir", data.toString(),
                        "tokenlink", data.resolve("admin-token").toString(),
                        "keylink", data.resolve("secret-key").toString(),
                        "uplink", "../..",
                        "current", "releases/v1"));
        server.createProject(project, repo.url());

        JsonNode done = server.deployAndAwait(project, "test", "main");
        String log = server.log(id(done));

        assertThat(status(done)).as(log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("link current -> releases/v1").contains("through the link: hello from inside");
        assertNoSecretIn(log);
        String image = builtImage(project);
        images.add(image);
        assertNoSecretIn(imageBytes(image));
    }

    @Test
    void copyingALinkedDataFolderAsTheIssueDidLeaksNothing() throws Exception {
        String project = newName();
        Path repoDir = tmp.resolve(project);
        TestRepo repo = TestRepo.create(repoDir);
        commitWithLinks(repo, repoDir, Map.of("Dockerfile", """
                FROM busybox:1.36
                COPY leakdir /leakdir
                RUN cat /leakdir/admin-token /leakdir/secret-key /leakdir/canary
                """), Map.of("leakdir", data.toString()));
        server.createProject(project, repo.url());

        JsonNode done = server.deployAndAwait(project, "test", "main");
        String log = server.log(id(done));

        assertNoSecretIn(log);
        assertThat(status(done)).as(log).isEqualTo("FAILED");
        assertThat(failedStep(done)).isEqualTo("build");
        // The daemon resolves the link inside the context, where the data folder's path does not exist.
        assertThat(log).contains("deployment failed at build: COPY failed").contains("at COPY leakdir /leakdir");
    }

    private static void assertNoSecretIn(String text) throws IOException {
        for (String secret : secrets()) assertThat(text).doesNotContain(secret);
    }

    private static List<String> secrets() throws IOException {
        // The data folder keeps only the admin token's hash; the token itself must not leak either.
        List<String> secrets = new ArrayList<>(List.of(server.token()));
        for (String name : List.of("admin-token", "secret-key", "canary")) {
            Path file = data.resolve(name);
            if (Files.exists(file)) secrets.add(Files.readString(file).strip());
        }
        assertThat(secrets).contains(Files.readString(data.resolve("canary")).strip());
        return secrets;
    }

    /** Every byte of every file of every layer (docker save; gzip layers opened). */
    private static String imageBytes(String image) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (InputStream saved = engine.saveImages(List.of(image)); TarArchiveInputStream outer = new TarArchiveInputStream(saved)) {
            for (TarArchiveEntry e = outer.getNextEntry(); e != null; e = outer.getNextEntry()) {
                if (!e.isFile()) continue;
                byte[] blob = outer.readAllBytes();
                if (blob.length > 2 && (blob[0] & 0xff) == 0x1f && (blob[1] & 0xff) == 0x8b) {
                    try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(blob))) {
                        blob = gz.readAllBytes();
                    }
                }
                all.write(blob);
            }
        }
        assertThat(all.size()).as("image " + image + " saved").isGreaterThan(100_000); // busybox alone is ~1 MB
        return all.toString(StandardCharsets.ISO_8859_1);
    }

    private static void commitWithLinks(TestRepo repo, Path repoDir, Map<String, String> files, Map<String, String> links) throws Exception {
        repo.commit("files", files);
        try (Git git = Git.open(repoDir.toFile())) {
            for (var link : links.entrySet()) {
                Files.createSymbolicLink(repoDir.resolve(link.getKey()), Path.of(link.getValue()));
                git.add().addFilepattern(link.getKey()).call();
            }
            git.commit().setMessage("links").setAuthor("test", "test@localhost").setCommitter("test", "test@localhost").call();
        }
    }

    private String builtImage(String project) {
        JsonNode builds = server.call("GET", "/api/v1/projects/" + project + "/builds", null).json();
        return builds.get(0).get("image").asText();
    }

    private static long id(JsonNode view) {
        return view.get("deployment").get("id").asLong();
    }

    private static String status(JsonNode view) {
        return view.get("deployment").get("status").asText();
    }

    private static String failedStep(JsonNode view) {
        JsonNode step = view.get("deployment").get("failed_step");
        return step == null ? null : step.asText();
    }

    private static String newName() {
        return "links" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36).substring(0, 6);
    }
}
