package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * https:// goes through the same JGit HTTP transport as http://, with the JVM's TLS checks: a server whose
 * self-signed certificate nobody trusts is refused with a reason, and nothing is fetched from it.
 */
class GitOverUntrustedHttpsTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path temp;

    static HttpsServer server;
    static final AtomicInteger requestsServed = new AtomicInteger();

    @TempDir
    Path workspace;

    @BeforeAll
    static void startServer() throws Exception {
        BareOrigin.create(temp.resolve("served"));
        Path keystore = temp.resolve("server.p12");
        Commands.run(temp, Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-keyalg", "EC",
                "-groupname", "secp256r1", "-alias", "server", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", new String(PASSWORD));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        managers.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(managers.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        var files = SimpleFileServer.createFileHandler(temp.resolve("served"));
        server.createContext("/", exchange -> {
            requestsServed.incrementAndGet();
            files.handle(exchange);
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void selfSignedCertificateIsRefusedWithAReason() {
        String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/repo.git";
        GitCheckout checkout = new GitCheckout(Duration.ofSeconds(20), NullProgressMonitor.INSTANCE);

        assertThatThrownBy(() -> checkout.checkout(url, null, workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessage("repository " + url + " cannot be read: " + RemoteRefs.UNTRUSTED_CERTIFICATE);
        assertThat(requestsServed).hasValue(0);
        assertThat(workspace).isEmptyDirectory();
    }
}
