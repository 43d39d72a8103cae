package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.Apps;
import dev.slipway.testing.DumbHttpRepo;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of the data folder holds no secret in clear: after a variable and repository credentials went in
 * through the API, no file under the folder (database, logs, workspaces, anything) contains their bytes.
 */
class DataFolderHoldsNoSecretTest {
    @TempDir Path tmp;

    @Test
    void noFileOfTheDataFolderHoldsAVariableOrRepositoryCredentialInClear() throws Exception {
        Path repoDir = tmp.resolve("repo");
        TestRepo.create(repoDir).commit("v1", Apps.version("1"));
        String variable = "varsecret-" + UUID.randomUUID();
        String changed = "varsecret-" + UUID.randomUUID();
        String password = "repopass" + UUID.randomUUID().toString().replace("-", "");
        Path data = tmp.resolve("data");
        try (DumbHttpRepo origin = DumbHttpRepo.serve(repoDir); TestServer server = TestServer.start(data)) {
            server.createProject("vault", origin.url("deploy", password));
            String path = "/api/v1/projects/vault/environments/test/variables";
            assertThat(server.call("POST", path, Map.of("variables", Map.of("API_KEY", variable, "OTHER", variable))).status()).isEqualTo(200);
            // An overwritten value must not linger either (the database keeps old pages until it compacts).
            assertThat(server.call("PUT", path + "/OTHER", Map.of("value", changed)).status()).isEqualTo(200);
            assertThat(server.call("GET", path, null).body()).contains("API_KEY").doesNotContain(variable);
        }
        Map<String, List<Path>> found = new java.util.LinkedHashMap<>();
        int[] scanned = {0};
        for (String secret : List.of(variable, changed, password)) {
            found.put(secret, filesContaining(data, secret, scanned));
        }
        System.out.printf("scanned %d files under the data folder%n", scanned[0] / 3);
        assertThat(scanned[0]).as("files scanned").isGreaterThan(0);
        assertThat(found).as("files under the data folder holding a secret in clear (UTF-8 or UTF-16)")
                .allSatisfy((secret, where) -> assertThat(where).as(secret.substring(0, 8)).isEmpty());
        // The test would see one: the project's name is stored, in clear, in the same files.
        assertThat(filesContaining(data, "vault", scanned)).isNotEmpty();
    }

    private static List<Path> filesContaining(Path folder, String text, int[] scanned) throws Exception {
        List<byte[]> needles = List.of(text.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_16BE),
                text.getBytes(StandardCharsets.UTF_16LE));
        List<Path> hits = new ArrayList<>();
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                scanned[0]++;
                byte[] bytes = Files.readAllBytes(file);
                if (needles.stream().anyMatch(n -> indexOf(bytes, n) >= 0)) hits.add(folder.relativize(file));
            }
        }
        return hits;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }
}
