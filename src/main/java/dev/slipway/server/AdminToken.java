package dev.slipway.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The admin token: written once to {@code DATA/admin-token} (mode 0600), compared in constant time. */
public final class AdminToken {
    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the token file, or writes a new random token when there is none; {@code created} tells which. */
    public static AdminToken loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return new AdminToken(Files.readString(file).trim());
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = "slw_" + HexFormat.of().formatHex(random);
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, token + "\n");
            return new AdminToken(token);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the admin token at " + file, e);
        }
    }

    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
