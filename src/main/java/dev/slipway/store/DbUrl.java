package dev.slipway.store;

import dev.slipway.project.InvalidInputException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A PostgreSQL URL split into a JDBC URL without credentials, a user and a password, so that the
 * password never reaches the pool's URL, its log lines or an error message.
 * Accepts {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P} and {@code postgres://U:P@HOST:PORT/DB}.
 */
record DbUrl(String jdbcUrl, String user, String password) {

    static DbUrl parse(String url) {
        if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
            return fromUri(url);
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw invalid(redact(url), "use jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD, or leave it out for the embedded database");
        }
        int q = url.indexOf('?');
        String base = q < 0 ? url : url.substring(0, q);
        String user = null;
        String password = null;
        List<String> rest = new ArrayList<>();
        if (q >= 0) {
            for (String param : url.substring(q + 1).split("&")) {
                if (param.startsWith("user=")) {
                    user = decode(param.substring(5));
                } else if (param.startsWith("password=")) {
                    password = decode(param.substring(9));
                } else if (!param.isEmpty()) {
                    rest.add(param);
                }
            }
        }
        String jdbc = rest.isEmpty() ? base : base + "?" + String.join("&", rest);
        if (org.postgresql.Driver.parseURL(jdbc, null) == null) {
            throw invalid(new DbUrl(jdbc, user, password).describe(), "it is not a valid PostgreSQL JDBC URL");
        }
        return new DbUrl(jdbc, user, password);
    }

    private static DbUrl fromUri(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw invalid(redact(url), "it is not a valid URL");
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/postgres" : uri.getRawPath();
        DbUrl parsed = parse("jdbc:postgresql://" + hostPort + path + query);
        return new DbUrl(parsed.jdbcUrl, user != null ? user : parsed.user, password != null ? password : parsed.password);
    }

    /** Masks a password given as user info or as a query parameter, for URLs we could not parse. */
    static String redact(String url) {
        return url.replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@").replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The URL and user for messages; never the password. */
    String describe() {
        return jdbcUrl + (user == null ? "" : " (user " + user + ")");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static InvalidInputException invalid(String shown, String why) {
        return new InvalidInputException("db", "cannot use database URL '" + shown + "': " + why);
    }
}
