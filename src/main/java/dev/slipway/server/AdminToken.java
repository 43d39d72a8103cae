package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The admin token. The data folder keeps only its SHA-256 ({@code DATA/admin-token.sha256}, mode 0600),
 * so whoever reads the folder (a backup, a build that reached it) holds no usable token. A plain hash
 * suffices, without salt or stretching, because the token is 24 random bytes, not a password.
 */
public final class AdminToken {
    public static final String HASH_FILE = "admin-token.sha256";
    /** Where data folders before the hash kept the token itself. */
    public static final String PLAIN_FILE = "admin-token";

    private final byte[] hash;
    private final String created;
    private final boolean migrated;

    private AdminToken(byte[] hash, String created, boolean migrated) {
        this.hash = hash;
        this.created = created;
        this.migrated = migrated;
    }

    /**
     * Reads the hash; replaces an older folder's plain token by its hash; or makes a new token, available
     * through {@link #created()}, whose hash {@link #keep} writes once the server has started: a start that
     * fails before it could show the token leaves no hash of a token nobody saw.
     */
    public static AdminToken loadOrCreate(Path data) {
        Path hashFile = data.resolve(HASH_FILE);
        Path plainFile = data.resolve(PLAIN_FILE);
        try {
            Files.createDirectories(data);
            if (Files.exists(hashFile)) {
                byte[] hash = HexFormat.of().parseHex(Files.readString(hashFile).trim());
                boolean removed = Files.deleteIfExists(plainFile);
                return new AdminToken(hash, null, removed);
            }
            if (Files.exists(plainFile)) {
                byte[] hash = sha256(Files.readString(plainFile).trim());
                writePrivately(hashFile, HexFormat.of().formatHex(hash));
                Files.delete(plainFile);
                return new AdminToken(hash, null, true);
            }
            String token = randomToken();
            return new AdminToken(sha256(token), token, false);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(hashFile + " does not hold a SHA-256 in hex; remove it to make a new admin token");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin token's hash at " + hashFile, e);
        }
    }

    /** A token that lives only in this process's memory, for the code that started the server (quickstart). */
    public static AdminToken inMemory() {
        String token = randomToken();
        return new AdminToken(sha256(token), token, false);
    }

    /** Writes a created token's hash; nothing to do for a token read from the folder. */
    public void keep(Path data) {
        if (created == null) return;
        try {
            writePrivately(data.resolve(HASH_FILE), HexFormat.of().formatHex(hash));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token's hash at " + data.resolve(HASH_FILE), e);
        }
    }

    /** The token made by this start (a new data folder); empty when the folder already had one. */
    public Optional<String> created() {
        return Optional.ofNullable(created);
    }

    /** Whether this start replaced a plain {@code admin-token} file by its hash. */
    public boolean migrated() {
        return migrated;
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(hash, sha256(presented));
    }

    private static String randomToken() {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        return "slw_" + HexFormat.of().formatHex(random);
    }

    private static void writePrivately(Path file, String content) throws IOException {
        // Written under another name with mode 0600 from the start, then moved: never readable by others, never half-written.
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.deleteIfExists(partial);
        Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, content + "\n");
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
