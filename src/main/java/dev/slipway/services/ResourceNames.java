package dev.slipway.services;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the resources one environment owns: {@code slipway_shop_test} (PostgreSQL role and
 * database; always quoted, so the '-' of a name may stay, and '_' cannot occur in names, so no two
 * environments share one) and {@code slipway-shop-test-1a2b3c} (bucket: '_' is not allowed there, so
 * a hash of project/environment keeps {@code a--b/c} and {@code a/b--c} apart). Too long for the
 * target (PostgreSQL identifiers: 63 bytes; S3 buckets: 63 characters) they are cut and end with a
 * hash of the whole.
 */
final class ResourceNames {
    static final int MAX = 63;

    private ResourceNames() {}

    static String database(String project, String environment) {
        return fit("slipway_" + project + "_" + environment, '_');
    }

    static String bucket(String project, String environment) {
        String key = project + "/" + environment;
        String hash = sha256(key).substring(0, 6);
        String name = "slipway-" + project + "-" + environment;
        return name.length() + 7 <= MAX ? name + "-" + hash : fit(name + "-" + hash, '-');
    }

    private static String fit(String name, char separator) {
        if (name.length() <= MAX) return name;
        String hash = sha256(name).substring(0, 10);
        return name.substring(0, MAX - hash.length() - 1) + separator + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
