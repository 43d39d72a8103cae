package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token in a project's repository URL is used for Git and nowhere else: not shown, not stored in plain text. */
class RepositoryCredentialsTest {
    @TempDir Path tmp;

    @Test
    void aTokenInTheRepositoryUrlIsNeitherShownNorStoredInPlainText() throws Exception {
        Path repoDir = tmp.resolve("repo");
        TestRepo.create(repoDir).commit("v1", Apps.version("1"));
        gitUpdateServerInfo(repoDir);
        // The JDK's file server speaks Git's dumb HTTP protocol and asks for no credentials, so the URL's are simply carried.
        HttpServer files = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                repoDir.resolve(".git"), SimpleFileServer.OutputLevel.NONE);
        files.start();
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        String bare = "http://127.0.0.1:" + files.getAddress().getPort() + "/";
        String url = "http://x-access-token:" + token + "@127.0.0.1:" + files.getAddress().getPort() + "/";
        Path data = tmp.resolve("data");
        TestServer server = TestServer.start(data);
        try {
            server.createProject("creds", url);
            JsonNode done = server.deployAndAwait("creds", "test", "main");
            String log = server.log(done.get("deployment").get("id").asLong());
            assertThat(done.get("deployment").get("status").asText()).as(log).isEqualTo("SUCCEEDED");

            assertThat(log).contains("of " + bare).doesNotContain(token);
            assertThat(server.call("GET", "/api/v1/projects", null).body()).contains(bare).doesNotContain(token);
            assertThat(server.call("GET", "/api/v1/projects/creds", null).body()).contains(bare).doesNotContain(token);
        } finally {
            server.closeAndRemoveWhatItRan();
            files.stop(0);
        }
        // The embedded database's file, as a backup of the data folder holds it.
        byte[] db = Files.readAllBytes(data.resolve("db/slipway.mv.db"));
        assertThat(new String(db, StandardCharsets.ISO_8859_1)).contains("creds").doesNotContain(token);
    }

    private static void gitUpdateServerInfo(Path repo) throws IOException, InterruptedException {
        Process git = new ProcessBuilder("git", "update-server-info").directory(repo.toFile()).redirectErrorStream(true).start();
        if (!git.waitFor(30, TimeUnit.SECONDS)) {
            git.destroyForcibly();
            throw new AssertionError("git update-server-info did not finish within 30 s");
        }
        assertThat(git.exitValue()).as(new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
    }
}
