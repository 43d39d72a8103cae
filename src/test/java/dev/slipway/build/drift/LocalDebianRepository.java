package dev.slipway.build.drift;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A flat Debian repository ("deb [trusted=yes] http://127.0.0.1:PORT debs/") served on the loopback
 * interface, holding one trivial package whose version the test changes between builds. The suite is
 * "debs/" rather than the usual "./": the JDK's file server refuses paths with "." segments.
 */
final class LocalDebianRepository implements AutoCloseable {
    static final String PACKAGE = "slipway-demo";

    private final Path dir;
    private final Path work;
    private final HttpServer server;

    private LocalDebianRepository(Path dir, Path work, HttpServer server) {
        this.dir = dir;
        this.work = work;
        this.server = server;
    }

    static LocalDebianRepository start(Path root) throws IOException {
        Path served = Files.createDirectories(root.resolve("served"));
        Path dir = Files.createDirectories(served.resolve("debs"));
        Path work = Files.createDirectories(root.resolve("packages"));
        HttpServer server = SimpleFileServer.createFileServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), served, SimpleFileServer.OutputLevel.NONE);
        server.start();
        return new LocalDebianRepository(dir, work, server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Builds {@code slipway-demo_VERSION_all.deb} with dpkg-deb and makes it the only package the index lists. */
    void publish(String version) throws Exception {
        Path pkg = work.resolve(version);
        Files.createDirectories(pkg.resolve("DEBIAN"));
        Files.createDirectories(pkg.resolve("usr/share/" + PACKAGE));
        Files.writeString(pkg.resolve("DEBIAN/control"), "Package: " + PACKAGE + "\nVersion: " + version
                + "\nArchitecture: all\nMaintainer: Slipway tests <tests@slipway.invalid>\nDescription: drift report test package\n");
        Files.writeString(pkg.resolve("usr/share/" + PACKAGE + "/version"), version + "\n");
        String file = PACKAGE + "_" + version + "_all.deb";
        Process dpkgDeb = new ProcessBuilder("dpkg-deb", "--root-owner-group", "--build", pkg.toString(), dir.resolve(file).toString())
                .redirectErrorStream(true).start();
        if (!dpkgDeb.waitFor(60, TimeUnit.SECONDS) || dpkgDeb.exitValue() != 0) {
            throw new AssertionError("dpkg-deb failed: " + new String(dpkgDeb.getInputStream().readAllBytes()));
        }
        try (var old = Files.list(dir)) {
            for (Path p : old.toList()) if (!p.getFileName().toString().equals(file)) Files.delete(p);
        }
        byte[] deb = Files.readAllBytes(dir.resolve(file));
        String packages = Files.readString(pkg.resolve("DEBIAN/control")).strip()
                + "\nFilename: debs/" + file + "\nSize: " + deb.length + "\nSHA256: " + sha256(deb) + "\n";
        Files.writeString(dir.resolve("Packages"), packages);
        // A Release file keeps apt from refusing the repository; trusted=yes skips its signature.
        byte[] index = Files.readAllBytes(dir.resolve("Packages"));
        Files.writeString(dir.resolve("Release"), "Origin: slipway-test\nLabel: slipway-test\nArchitectures: all amd64\nSHA256:\n "
                + sha256(index) + " " + index.length + " Packages\n");
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }

}
