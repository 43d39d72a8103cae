package dev.slipway.build;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * A private OpenSSH server (Debian's {@code openssh-server}) on 127.0.0.1 and a free port, with its own
 * host key and an authorized_keys file the test fills, for the current user. It serves Git over ssh
 * exactly as a Git host does: {@code git-upload-pack} run through the login shell.
 */
final class OpenSshServer implements AutoCloseable {
    static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final int ATTEMPTS = 3;

    private final Path dir;
    private final Process process;
    private final int port;

    private OpenSshServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    static OpenSshServer start(Path dir) throws Exception {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: apt-get install -y openssh-server (.ci/run does)");
        }
        // sshd refuses to start without its privilege separation directory, which systemd would create.
        Files.createDirectories(Path.of("/run/sshd"));
        Files.createDirectories(dir);
        Commands.run(dir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "slipway-test-host", "-f", dir.resolve("host_ed25519").toString());
        Files.writeString(dir.resolve("authorized_keys"), "");
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PidFile " + dir.resolve("sshd.pid"),
                "StrictModes no",
                "UsePAM no",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "PermitRootLogin prohibit-password",
                "AllowUsers " + System.getProperty("user.name"),
                "AllowTcpForwarding no",
                "X11Forwarding no",
                "PrintMotd no",
                ""));
        // The port is free when asked but may be taken before sshd binds it (other suites run in parallel): retry.
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = freePort();
            Path log = dir.resolve("sshd-" + port + ".log");
            Process process = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-p", String.valueOf(port), "-f", dir.resolve("sshd_config").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                awaitBanner(process, port, log);
                return new OpenSshServer(dir, process, port);
            } catch (IllegalStateException e) {
                stop(process);
                failure = e;
            }
        }
        throw failure;
    }

    int port() {
        return port;
    }

    Path hostPublicKey() {
        return dir.resolve("host_ed25519.pub");
    }

    /** The line a known_hosts file needs for this server: OpenSSH writes non-22 ports as {@code [host]:port}. */
    String knownHostsLine() throws IOException {
        return "[127.0.0.1]:" + port + " " + Files.readString(hostPublicKey()).strip() + "\n";
    }

    /**
     * Makes a client ssh directory: a fresh key pair ({@code id_ed25519}), authorized on this server when
     * {@code authorize}, and a known_hosts holding {@code knownHosts}.
     */
    Path clientDirectory(Path clientDir, boolean authorize, String knownHosts) throws IOException {
        Files.createDirectories(clientDir);
        Commands.run(clientDir, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "slipway-test-client", "-f", clientDir.resolve("id_ed25519").toString());
        if (authorize) {
            Files.writeString(dir.resolve("authorized_keys"), Files.readString(clientDir.resolve("id_ed25519.pub")), StandardOpenOption.APPEND);
        }
        Files.writeString(clientDir.resolve("known_hosts"), knownHosts);
        return clientDir;
    }

    String log() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var logs = Files.newDirectoryStream(dir, "sshd-*.log")) {
            for (Path log : logs) {
                all.append(Files.readString(log));
            }
        }
        return all.toString();
    }

    @Override
    public void close() {
        stop(process);
    }

    /** Stops only the sshd this class started, by its PID; its per-connection children end with their connections. */
    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Ready means it answers with its SSH banner, not merely that the process exists. */
    private static void awaitBanner(Process process, int port, Path log) throws IOException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                socket.setSoTimeout(5000);
                InputStream in = socket.getInputStream();
                byte[] banner = in.readNBytes(7);
                if (new String(banner, StandardCharsets.US_ASCII).equals("SSH-2.0")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("sshd did not answer on 127.0.0.1:" + port + " within " + START_TIMEOUT + ": " + Files.readString(log));
    }
}
