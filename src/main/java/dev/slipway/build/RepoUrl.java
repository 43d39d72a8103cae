package dev.slipway.build;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A repository URL split into what may be shown and what must not. Credentials in
 * {@code https://user:token@host/x.git} go to JGit as a credentials provider, never into a
 * message, a log line or the workspace's {@code .git/config}.
 */
record RepoUrl(String withoutCredentials, String user, String password) {

    static RepoUrl parse(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) {
            // A local path or scp-like git@host:path: the user there is an ssh login, not a secret.
            return new RepoUrl(url, null, null);
        }
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
            end++;
        }
        int at = url.lastIndexOf('@', end - 1);
        if (at < start) {
            return new RepoUrl(url, null, null);
        }
        String userInfo = url.substring(start, at);
        int colon = userInfo.indexOf(':');
        String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
        String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        String scheme0 = url.substring(0, scheme);
        boolean ssh = scheme0.equalsIgnoreCase("ssh") || scheme0.equalsIgnoreCase("git+ssh");
        if (ssh && password == null) {
            return new RepoUrl(url, null, null);
        }
        // Over HTTP a lone user part is often the token itself (https://TOKEN@github.com/...), so it goes too.
        String bare = url.substring(0, start) + (ssh ? userInfo.substring(0, colon) + "@" : "") + url.substring(at + 1);
        return new RepoUrl(bare, user, password == null ? "" : password);
    }

    boolean hasCredentials() {
        return user != null;
    }

    /** Removes the secrets from text that may have come from a library echoing the URL back. */
    String redact(String text) {
        if (text == null || !hasCredentials()) {
            return text;
        }
        String result = text.replaceAll("(?<=://)[^/@\\s]+@", "");
        if (password != null && !password.isEmpty()) {
            result = result.replace(password, "***");
        }
        // A long user part is probably a token; a short one ('git', 'deploy') is harmless and too common to replace.
        boolean userShown = withoutCredentials.contains(user + "@");
        return userShown || user.length() < 8 ? result : result.replace(user, "***");
    }

    @Override
    public String toString() {
        return withoutCredentials;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
