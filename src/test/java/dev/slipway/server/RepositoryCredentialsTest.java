package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Apps;
import dev.slipway.testing.DumbHttpRepo;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A token in a project's repository URL is used for Git and nowhere else: not shown, not stored in plain text. */
class RepositoryCredentialsTest {
    @TempDir Path tmp;

    @Test
    void aTokenInTheRepositoryUrlIsNeitherShownNorStoredInPlainText() throws Exception {
        Path repoDir = tmp.resolve("repo");
        TestRepo.create(repoDir).commit("v1", Apps.version("1"));
        // The file server asks for no credentials, so the URL's are simply carried.
        DumbHttpRepo origin = DumbHttpRepo.serve(repoDir);
        String token = "ghp_" + UUID.randomUUID().toString().replace("-", "");
        String bare = origin.url();
        String url = origin.url("x-access-token", token);
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
            origin.close();
        }
        // The embedded database's file, as a backup of the data folder holds it.
        byte[] db = Files.readAllBytes(data.resolve("db/slipway.mv.db"));
        assertThat(new String(db, StandardCharsets.ISO_8859_1)).contains("creds").doesNotContain(token);
    }
}
