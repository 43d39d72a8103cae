package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data folder holds no usable admin token: only its hash, which the server checks presented tokens against. */
class AdminTokenTest {
    @TempDir Path tmp;

    @Test
    void dataFolderKeepsOnlyTheTokensHashReadableByOwnerOnly() throws Exception {
        Path data = tmp.resolve("data");
        try (TestServer server = TestServer.start(data)) {
            String token = server.token();
            assertThat(token).startsWith("slw_").hasSize(4 + 48);
            assertThat(data.resolve("admin-token")).doesNotExist();
            Path hash = data.resolve(AdminToken.HASH_FILE);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(hash))).isEqualTo("rw-------");
            assertThat(Files.readString(hash).trim()).isEqualTo(sha256(token));
            assertThat(filesContaining(data, token)).isEmpty();

            assertThat(server.call("GET", "/api/v1/projects", null).status()).isEqualTo(200);
            assertThat(server.callWithToken("GET", "/api/v1/projects", null, sha256(token)).status()).as("the hash is no token").isEqualTo(401);
        }
    }

    @Test
    void theDataFolderIsTheOwnersOnlyAndAnOlderOpenOneIsClosed() throws Exception {
        Path fresh = tmp.resolve("fresh");
        try (TestServer server = TestServer.start(fresh)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        }
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (TestServer server = TestServer.start(open)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(open))).isEqualTo("rwx------");
        }
    }

    @Test
    void anOlderFoldersPlainTokenIsHashedRemovedAndKeepsWorking() throws Exception {
        Path data = tmp.resolve("old");
        Files.createDirectories(data);
        String old = "slw_0123456789abcdef0123456789abcdef0123456789abcdef";
        Files.writeString(data.resolve("admin-token"), old + "\n");
        try (TestServer server = TestServer.startKnowing(ServerOptions.defaults(data).withPorts(0, 0), old)) {
            assertThat(data.resolve("admin-token")).doesNotExist();
            assertThat(Files.readString(data.resolve(AdminToken.HASH_FILE)).trim()).isEqualTo(sha256(old));
            assertThat(filesContaining(data, old)).isEmpty();
            assertThat(server.call("GET", "/api/v1/projects", null).status()).isEqualTo(200);
        }
        // The next start finds the hash and makes no new token.
        try (TestServer again = TestServer.start(data)) {
            assertThat(again.token()).isEqualTo(old);
            assertThat(again.call("GET", "/api/v1/projects", null).status()).isEqualTo(200);
        }
    }

    private static String sha256(String token) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Path> filesContaining(Path folder, String text) throws Exception {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).filter(f -> contains(f, needle)).toList();
        }
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            outer:
            for (int i = 0; i + needle.length <= bytes.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (bytes[i + j] != needle[j]) continue outer;
                }
                return true;
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
