package dev.slipway.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@link TestRepo} served over Git's "dumb" HTTP protocol on 127.0.0.1: {@code git update-server-info}
 * writes the ref and pack lists, and the JDK's file server serves them. It asks for no credentials, so
 * those in a URL are simply carried, which is what a test of where they end up needs.
 */
public final class DumbHttpRepo implements AutoCloseable {
    private final HttpServer files;

    private DumbHttpRepo(HttpServer files) {
        this.files = files;
    }

    /** Serves {@code repo}'s history as it is now (commit first; a later commit needs a new server). */
    public static DumbHttpRepo serve(Path repo) {
        updateServerInfo(repo);
        HttpServer files = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                repo.resolve(".git"), SimpleFileServer.OutputLevel.NONE);
        files.start();
        return new DumbHttpRepo(files);
    }

    /** {@code http://127.0.0.1:PORT/} */
    public String url() {
        return "http://127.0.0.1:" + files.getAddress().getPort() + "/";
    }

    /** {@code http://USER:PASSWORD@127.0.0.1:PORT/} */
    public String url(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + files.getAddress().getPort() + "/";
    }

    @Override
    public void close() {
        files.stop(0);
    }

    private static void updateServerInfo(Path repo) {
        try {
            Process git = new ProcessBuilder("git", "update-server-info").directory(repo.toFile()).redirectErrorStream(true).start();
            if (!git.waitFor(30, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                throw new AssertionError("git update-server-info did not finish within 30 s");
            }
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.exitValue() != 0) throw new AssertionError("git update-server-info exited with " + git.exitValue() + ": " + output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while preparing " + repo, e);
        }
    }
}
