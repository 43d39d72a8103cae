package dev.slipway.build;

import dev.slipway.project.InvalidInputException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.transport.URIish;

/**
 * Where on the server's own disk a project's repository may be ({@code slipway server --repo-root DIR}).
 * A local repository is read with the server's rights, so without this anyone with the token could make
 * a "project" of any folder the server can read. None is allowed by default, and the data folder (admin
 * token, secret key, other projects' workspaces) is never allowed: not as a repository, not inside
 * one, not holding one.
 */
public final class RepoRoots {
    private final List<Path> roots;
    private final Path dataDir;

    public RepoRoots(List<Path> roots, Path dataDir) {
        this.roots = roots.stream().map(RepoRoots::real).toList();
        this.dataDir = real(dataDir);
    }

    /** Throws {@link InvalidInputException} (field "repo") when {@code url} is on this disk but not allowed. */
    public void require(String url) {
        Path local = localPath(url.strip());
        if (local == null) return;
        Path path = real(local);
        if (path.startsWith(dataDir) || dataDir.startsWith(path)) {
            throw new InvalidInputException("repo", "a repository may not be the server's data folder, be inside it or contain it (" + dataDir + ")");
        }
        if (roots.stream().noneMatch(path::startsWith)) {
            throw new InvalidInputException("repo", roots.isEmpty()
                    ? "repositories on the server's own disk are not allowed; start the server with --repo-root DIR to allow those under DIR"
                    : InvalidInputException.quoted(url.strip()) + " is on the server's own disk but not under an allowed repository root (--repo-root: "
                            + String.join(", ", roots.stream().map(Path::toString).toList()) + ")");
        }
    }

    /** The path JGit would open as a local repository (its local and bundle transports), or null for a remote. */
    static Path localPath(String url) {
        URIish uri;
        try {
            uri = new URIish(url);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("repo", InvalidInputException.quoted(url) + " is not a repository URL or path: " + e.getReason());
        }
        boolean local = uri.getHost() == null && uri.getPort() <= 0 && uri.getUser() == null && uri.getPass() == null
                && (uri.getScheme() == null || uri.getScheme().equals("file"));
        if (!local || uri.getPath() == null) return null;
        String path = uri.getPath();
        // JGit reads "~/x" as under the home folder, as a shell would.
        if (path.equals("~") || path.startsWith("~/")) path = System.getProperty("user.home") + path.substring(1);
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new InvalidInputException("repo", InvalidInputException.quoted(url) + " is not a valid path: " + e.getReason());
        }
    }

    /** Absolute, without '..', and with links followed where the path exists, so a link cannot lead out. */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        // The deepest part that exists decides: a path that does not exist yet is still inside where its parent is.
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return absolute;
        try {
            return existing.toRealPath().resolve(existing.relativize(absolute));
        } catch (IOException e) {
            return absolute;
        }
    }
}
