package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.TestServer;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts over ssh:// from a real OpenSSH server on 127.0.0.1, with keys from a given ssh directory. */
class GitOverSshTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String USER = System.getProperty("user.name");

    @TempDir
    static Path temp;

    static BareOrigin origin;
    static OpenSshServer server;
    static Path trusted;
    static GitCheckout viaTrusted;

    @TempDir
    Path workspace;

    @BeforeAll
    static void startServer() throws Exception {
        origin = BareOrigin.create(temp.resolve("origin"));
        server = OpenSshServer.start(temp.resolve("sshd"));
        trusted = server.clientDirectory(temp.resolve("client"), true, server.knownHostsLine());
        // scp-like URLs have no room for a port; OpenSSH (and JGit) take it from the ssh directory's config.
        Files.writeString(trusted.resolve("config"), "Host 127.0.0.1\n  Port " + server.port() + "\n");
        viaTrusted = checkoutWith(trusted);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static GitCheckout checkoutWith(Path sshDirectory) {
        return new GitCheckout(new GitCheckout.Options(TIMEOUT, sshDirectory), NullProgressMonitor.INSTANCE);
    }

    private static String url() {
        return "ssh://" + USER + "@127.0.0.1:" + server.port() + origin.dir();
    }

    @Test
    void defaultBranchChecksOutOverSsh() throws IOException {
        GitCheckout.CheckedOut result = viaTrusted.checkout(url(), null, workspace);

        assertThat(result.commit()).isEqualTo(origin.mainTip());
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("three");
    }

    @Test
    void branchChecksOutOverSsh() throws IOException {
        assertThat(viaTrusted.checkout(url(), "dev", workspace).commit()).isEqualTo(origin.devTip());
        assertThat(Files.readString(workspace.resolve("dev.txt"))).isEqualTo("dev work");
        // The real git-upload-pack on the other side serves shallow fetches.
        assertThat(workspace.resolve(".git/shallow")).exists();
    }

    @Test
    void annotatedTagChecksOutItsCommitOverSsh() throws IOException {
        assertThat(viaTrusted.checkout(url(), "v1.1", workspace).commit()).isEqualTo(origin.tagged());
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("two");
    }

    @Test
    void olderShaChecksOutOverSsh() throws IOException {
        assertThat(viaTrusted.checkout(url(), origin.first(), workspace).commit()).isEqualTo(origin.first());
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("one");
    }

    @Test
    void scpLikeUrlTakesItsPortFromTheSshDirectorysConfig() {
        String scpLike = USER + "@127.0.0.1:" + origin.dir();

        assertThat(viaTrusted.checkout(scpLike, "v1", workspace).commit()).isEqualTo(origin.tagged());
    }

    @Test
    void unknownRefOverSshListsWhatExists() {
        assertThatThrownBy(() -> viaTrusted.checkout(url(), "nope", workspace))
                .isInstanceOf(UnknownRefException.class)
                .hasMessage("ref 'nope' not found in " + url() + " (branches: main, dev; tags: v1, v1.1)");
    }

    @Test
    void missingRepositoryPathIsNotFound() {
        String missing = "ssh://" + USER + "@127.0.0.1:" + server.port() + temp.resolve("missing.git");

        assertThatThrownBy(() -> viaTrusted.checkout(missing, null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessage("repository " + missing + " cannot be read: not found");
    }

    @Test
    void unknownHostKeyIsRefusedQuicklyAndNotRecorded(@TempDir Path dir) throws IOException {
        Path stranger = server.clientDirectory(dir.resolve("ssh"), true, "");
        Instant start = Instant.now();

        assertThatThrownBy(() -> checkoutWith(stranger).checkout(url(), null, workspace))
                .isInstanceOfSatisfying(RepositoryUnreachableException.class, e -> assertThat(e.field()).isEqualTo("repo"))
                .hasMessage("repository " + url() + " cannot be read: the host key of [127.0.0.1]:" + server.port()
                        + " is not in " + stranger.resolve("known_hosts") + " or does not match it; verify the server's key and add it there");
        assertThat(Duration.between(start, Instant.now())).isLessThan(TIMEOUT);
        assertThat(Files.readString(stranger.resolve("known_hosts"))).isEmpty();
        assertThat(workspace).isEmptyDirectory();
    }

    @Test
    void changedHostKeyIsRefused(@TempDir Path dir) throws IOException {
        Path otherHost = dir.resolve("other-host");
        Files.createDirectories(otherHost);
        Commands.run(otherHost, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherHost.resolve("key").toString());
        String wrongKey = "[127.0.0.1]:" + server.port() + " " + Files.readString(otherHost.resolve("key.pub")).strip() + "\n";
        Path fooled = server.clientDirectory(dir.resolve("ssh"), true, wrongKey);

        assertThatThrownBy(() -> checkoutWith(fooled).checkout(url(), null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessageEndingWith("the host key of [127.0.0.1]:" + server.port() + " is not in " + fooled.resolve("known_hosts")
                        + " or does not match it; verify the server's key and add it there");
        assertThat(Files.readString(fooled.resolve("known_hosts"))).isEqualTo(wrongKey);
    }

    @Test
    void keyTheServerDoesNotAuthorizeIsNotAuthorized(@TempDir Path dir) throws IOException {
        Path unauthorized = server.clientDirectory(dir.resolve("ssh"), false, server.knownHostsLine());

        assertThatThrownBy(() -> checkoutWith(unauthorized).checkout(url(), null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessage("repository " + url() + " cannot be read: not authorized; the server accepts none of the keys in " + unauthorized);
    }

    @Test
    void missingSshDirectoryIsNamedInTheMessage(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-ssh-dir");

        assertThatThrownBy(() -> checkoutWith(missing).checkout(url(), null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessageEndingWith("the server's host key is unknown or has changed: the ssh directory " + missing + " does not exist");
    }

    @Test
    void serverChecksSshRepositoriesWithTheSshDirectoryItWasGiven(@TempDir Path data) {
        ServerOptions options = ServerOptions.defaults(data).withPorts(0, 0).withSshDir(trusted);

        // Creating a project lists the repository's refs; this key and known_hosts exist only in that directory.
        try (TestServer server = TestServer.start(options)) {
            server.createProject("over-ssh", url());
            assertThat(server.call("GET", "/api/v1/projects/over-ssh", null).json().get("repo").asText()).isEqualTo(url());
        }
    }
}
