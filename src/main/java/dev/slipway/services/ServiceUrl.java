package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * A service URL of the server's options ({@code postgres://ADMIN:PASS@HOST:PORT/DB},
 * {@code s3://KEY:SECRET@HOST:PORT}), split so that the password never reaches a message.
 */
public record ServiceUrl(String scheme, String user, String password, String host, int port, String path) {

    /** The host containers use for this server: a loopback host is the Docker host, reached as host.docker.internal. */
    public static final String DOCKER_HOST = "host.docker.internal";

    public static ServiceUrl parse(String option, String url, String scheme, int defaultPort) {
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw invalid(option, url, "it is not a valid URL");
        }
        if (!scheme.equals(uri.getScheme())) {
            throw invalid(option, url, "it must start with " + scheme + "://");
        }
        if (uri.getHost() == null) {
            throw invalid(option, url, "it names no host");
        }
        String info = uri.getRawUserInfo();
        if (info == null || !info.contains(":")) {
            throw invalid(option, url, "it needs a user and a password (" + scheme + "://USER:PASSWORD@HOST:PORT)");
        }
        int colon = info.indexOf(':');
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new ServiceUrl(scheme, decode(info.substring(0, colon)), decode(info.substring(colon + 1)), uri.getHost(),
                uri.getPort() > 0 ? uri.getPort() : defaultPort, path);
    }

    /** host:port, for messages. */
    public String address() {
        return host + ":" + port;
    }

    /** The host as containers reach it. */
    public String containerHost() {
        return isLoopback(host) ? DOCKER_HOST : host;
    }

    static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) return true;
        try {
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            // Only literal addresses: resolving a name here would make the answer depend on DNS.
            if (!bare.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The URL without its password: everything a message may show. */
    static String redact(String url) {
        return url.replaceAll("(//[^/:@]*:)[^@/]*@", "$1***@");
    }

    private static InvalidInputException invalid(String option, String url, String why) {
        return new InvalidInputException(option, "cannot use --" + option + " '" + redact(url) + "': " + why);
    }

    @Override
    public String toString() {
        return scheme + "://" + user + ":***@" + address() + (path.isEmpty() ? "" : "/" + path);
    }
}
