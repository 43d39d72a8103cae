package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkouts over http:// from the JDK's static file server, which speaks Git's "dumb" HTTP protocol
 * once {@code git update-server-info} has run; and credentials against a server that refuses them.
 */
class GitOverHttpTest {
    @TempDir
    static Path temp;

    static BareOrigin origin;
    static HttpServer files;
    static HttpServer refusing;
    static final List<String> authorizations = new CopyOnWriteArrayList<>();

    @TempDir
    Path workspace;

    private final GitCheckout checkout = new GitCheckout(Duration.ofSeconds(20), NullProgressMonitor.INSTANCE);

    @BeforeAll
    static void startServers() throws Exception {
        origin = BareOrigin.create(temp.resolve("served"));
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        files = SimpleFileServer.createFileServer(loopback, temp.resolve("served"), SimpleFileServer.OutputLevel.NONE);
        files.start();
        refusing = HttpServer.create(loopback, 0);
        refusing.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        refusing.start();
    }

    @AfterAll
    static void stopServers() {
        if (files != null) {
            files.stop(0);
        }
        if (refusing != null) {
            refusing.stop(0);
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + files.getAddress().getPort() + "/repo.git";
    }

    @Test
    void defaultBranchChecksOutOverDumbHttp() throws IOException {
        GitCheckout.CheckedOut result = checkout.checkout(url(), null, workspace);

        assertThat(result.commit()).isEqualTo(origin.mainTip());
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("three");
    }

    @Test
    void branchChecksOutOverDumbHttp() throws IOException {
        assertThat(checkout.checkout(url(), "dev", workspace).commit()).isEqualTo(origin.devTip());
        assertThat(Files.readString(workspace.resolve("dev.txt"))).isEqualTo("dev work");
    }

    @Test
    void lightweightTagChecksOutOverDumbHttp() throws IOException {
        assertThat(checkout.checkout(url(), "v1", workspace).commit()).isEqualTo(origin.tagged());
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("two");
    }

    @Test
    void annotatedTagIsPeeledOverDumbHttp() {
        assertThat(checkout.checkout(url(), "v1.1", workspace).commit()).isEqualTo(origin.tagged());
    }

    @Test
    void shortShaOfATipChecksOutOverDumbHttp() {
        assertThat(checkout.checkout(url(), origin.devTip().substring(0, 8), workspace).commit()).isEqualTo(origin.devTip());
    }

    @Test
    void olderShaChecksOutOverDumbHttp() throws IOException {
        assertThat(checkout.checkout(url(), origin.first(), workspace).commit()).isEqualTo(origin.first());
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("one");
    }

    @Test
    void unknownRefOverHttpListsWhatExists() {
        assertThatThrownBy(() -> checkout.checkout(url(), "nope", workspace))
                .isInstanceOf(UnknownRefException.class)
                .hasMessage("ref 'nope' not found in " + url() + " (branches: main, dev; tags: v1, v1.1)");
    }

    @Test
    void missingRepositoryOverHttpIsNotFound() {
        String missing = "http://127.0.0.1:" + files.getAddress().getPort() + "/missing.git";

        assertThatThrownBy(() -> checkout.checkout(missing, null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessage("repository " + missing + " cannot be read: not found");
    }

    @Test
    void refusedCredentialsAreNotAuthorizedAndTheSecretIsNeverShown() {
        authorizations.clear();
        String secretUrl = "http://deployer:secret@127.0.0.1:" + refusing.getAddress().getPort() + "/repo.git";

        assertThatThrownBy(() -> checkout.checkout(secretUrl, "main", workspace))
                .isInstanceOfSatisfying(RepositoryUnreachableException.class, e -> assertThat(e.field()).isEqualTo("repo"))
                .hasMessage("repository http://127.0.0.1:" + refusing.getAddress().getPort() + "/repo.git cannot be read: not authorized; check the credentials")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("secret");
                    }
                });
        // The credentials did reach the server, as HTTP Basic, after its 401 asked for them.
        String basic = "Basic " + Base64.getEncoder().encodeToString("deployer:secret".getBytes(StandardCharsets.UTF_8));
        assertThat(authorizations).contains(basic);
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void serverAskingForCredentialsWhenNoneAreGivenIsNotAuthorized() {
        String bare = "http://127.0.0.1:" + refusing.getAddress().getPort() + "/repo.git";

        assertThatThrownBy(() -> checkout.checkout(bare, null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessage("repository " + bare + " cannot be read: not authorized; check the credentials");
    }
}
