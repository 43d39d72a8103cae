package dev.slipway.store;

import java.util.List;

/**
 * Projects' repository URLs at rest: sealed whole with the variables' {@link SecretCipher}, since
 * they may hold a password or token; the plain column keeps the URL without its user part.
 */
final class RepoSeal {
    private final SecretCipher cipher;

    RepoSeal(SecretCipher cipher) {
        this.cipher = cipher;
    }

    String seal(String project, String url) {
        return cipher.seal(url, context(project));
    }

    String open(String project, String sealed) {
        return cipher.open(sealed, context(project));
    }

    /** Seals the URLs of rows written before V6, and removes their credentials from the plain column. */
    void sealUnsealedRows(Jdbc jdbc) {
        jdbc.inTransaction("seal repository URLs", c -> {
            record Row(String name, String url) {}
            List<Row> rows = Jdbc.query(c, "SELECT name, repo_url FROM projects WHERE repo_sealed IS NULL",
                    rs -> new Row(rs.getString("name"), rs.getString("repo_url")));
            for (Row row : rows) {
                Jdbc.update(c, "UPDATE projects SET repo_sealed = ?, repo_url = ? WHERE name = ? AND repo_sealed IS NULL",
                        seal(row.name(), row.url()), withoutUserPart(row.url()), row.name());
            }
            return null;
        });
    }

    /** {@code scheme://user:password@host/path} without {@code user:password@}; other forms as they are. */
    static String withoutUserPart(String url) {
        int scheme = url.indexOf("://");
        if (scheme < 0) return url;
        int start = scheme + 3;
        int end = start;
        while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) end++;
        int at = url.lastIndexOf('@', end - 1);
        return at < start ? url : url.substring(0, start) + url.substring(at + 1);
    }

    private static String context(String project) {
        return "repository of project " + project;
    }
}
