package dev.slipway.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secrets at rest with AES-256-GCM. Each value gets a fresh 96-bit nonce, and its row key
 * ("project/env/name") as associated data, so a sealed value copied to another row does not open.
 * The key comes from {@value #KEY_VARIABLE} (base64 of 32 bytes) or from {@code DATA/secret-key}
 * (mode 0600, created on first start).
 */
public final class SecretCipher {
    public static final String KEY_VARIABLE = "SLIPWAY_SECRET_KEY";
    public static final String KEY_FILE = "secret-key";
    private static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String source;

    SecretCipher(byte[] key, String source) {
        if (key.length != 32) {
            throw new StoreException("the secret key from " + source + " must be 32 bytes (base64), not " + key.length, null);
        }
        this.key = new SecretKeySpec(key, "AES");
        this.source = source;
    }

    /** The key from the environment variable when set, else the data folder's key file (created when missing). */
    public static SecretCipher load(Path dataDir) {
        return load(dataDir, System.getenv());
    }

    static SecretCipher load(Path dataDir, Map<String, String> environment) {
        String fromEnv = environment.get(KEY_VARIABLE);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new SecretCipher(decodeKey(fromEnv.trim(), KEY_VARIABLE), KEY_VARIABLE);
        }
        Path file = dataDir.toAbsolutePath().resolve(KEY_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                Files.createDirectories(file.getParent());
                try {
                    // Created with its final mode, so the key is never readable by others, not even briefly.
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, Base64.getEncoder().encodeToString(fresh) + "\n");
                } catch (FileAlreadyExistsException raced) {
                    // another server start wrote it first: use that one
                }
            }
            return new SecretCipher(decodeKey(Files.readString(file).trim(), file.toString()), file.toString());
        } catch (IOException e) {
            throw new StoreException("cannot read or create the secret key " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] decodeKey(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new StoreException("the secret key in " + source + " is not base64", null);
        }
    }

    public static String newKey() {
        byte[] fresh = new byte[32];
        RANDOM.nextBytes(fresh);
        return Base64.getEncoder().encodeToString(fresh);
    }

    String seal(String plain, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JDK", e);
        }
    }

    String open(String sealed, String context) {
        try {
            if (!sealed.startsWith(PREFIX)) throw new GeneralSecurityException("unknown format");
            byte[] bytes = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Never the value or the key: only which one failed and where the key came from.
            throw new StoreException("cannot decrypt " + context + " with the secret key from " + source
                    + ": it was encrypted with another key (restore the original " + KEY_FILE + " or " + KEY_VARIABLE + ")", null);
        }
    }
}
