package dev.slipway.build;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.util.FS;

/** What a remote advertises (ls-remote), and the translation of JGit's failures into ones a user can act on. */
final class RemoteRefs {
    private final RepoUrl url;
    private final Map<String, Ref> refs;

    private RemoteRefs(RepoUrl url, Map<String, Ref> refs) {
        this.url = url;
        this.refs = refs;
    }

    static final String NOT_AUTHORIZED = "not authorized; check the credentials";
    static final String UNTRUSTED_CERTIFICATE = "the server's TLS certificate is not trusted (its CA must be in the Java trust store)";
    static final String HOST_KEY_REJECTED = "the server's host key is unknown or has changed";
    static final String CUT_SHORT = "the connection to the Git server closed in the middle of the fetch (premature end of the pack); deploy again once the server is reachable";

    static RemoteRefs list(RepoUrl url, CredentialsProvider credentials, SshDirectory ssh, int timeoutSeconds) {
        // JGit's repository-less ls-remote fails on servers that speak only the "dumb" HTTP protocol (its
        // object walker needs a local repository), so it is given an empty one in memory; local paths
        // need its file system.
        try (Repository scratch = new InMemoryRepository.Builder().setRepositoryDescription(new DfsRepositoryDescription("ls-remote"))
                        .setFS(FS.DETECTED).build();
                Git git = Git.wrap(scratch)) {
            return new RemoteRefs(url, git.lsRemote()
                    .setRemote(url.withoutCredentials())
                    .setCredentialsProvider(credentials)
                    .setTransportConfigCallback(ssh)
                    .setTimeout(timeoutSeconds)
                    .callAsMap());
        } catch (Exception e) {
            throw unreachable(url, e, ssh);
        }
    }

    RepoUrl url() {
        return url;
    }

    /** The remote's HEAD; null for an empty repository. */
    Ref head() {
        return refs.get(Constants.HEAD);
    }

    /** A branch, then a tag, then a full ref name: the order git itself uses for short names. */
    Ref named(String name) {
        for (String candidate : List.of(Constants.R_HEADS + name, Constants.R_TAGS + name, name)) {
            Ref ref = refs.get(candidate);
            if (ref != null && (candidate.startsWith(Constants.R_REFS) || candidate.equals(Constants.HEAD))) {
                return ref;
            }
        }
        return null;
    }

    /** A branch or tag whose commit starts with {@code sha}, so that it can be fetched shallowly. */
    Ref tipStartingWith(String sha) {
        for (Ref ref : refs.values()) {
            if (!ref.getName().startsWith(Constants.R_HEADS) && !ref.getName().startsWith(Constants.R_TAGS)) {
                continue;
            }
            ObjectId commit = ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
            if (commit != null && commit.name().startsWith(sha)) {
                return ref;
            }
        }
        return null;
    }

    /** Every branch and tag with its commit, as the deploy form offers them. */
    RepoRefs tips() {
        List<String> branches = branches();
        Ref head = head();
        String target = head != null && head.isSymbolic() ? head.getTarget().getName() : "";
        String defaultBranch = target.startsWith(Constants.R_HEADS) && branches.contains(target.substring(Constants.R_HEADS.length()))
                ? target.substring(Constants.R_HEADS.length()) : null;
        return new RepoRefs(defaultBranch,
                branches.stream().map(b -> tip(b, Constants.R_HEADS + b)).toList(),
                names(Constants.R_TAGS).stream().map(t -> tip(t, Constants.R_TAGS + t)).toList());
    }

    private RepoRefs.Tip tip(String name, String fullName) {
        // An annotated tag names a tag object; the remote advertises the commit under NAME^{}.
        Ref peeled = refs.get(fullName + "^{}");
        Ref ref = refs.get(fullName);
        ObjectId commit = peeled != null ? peeled.getObjectId()
                : ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
        return new RepoRefs.Tip(name, commit.name());
    }

    UnknownRefException unknown(String ref) {
        return new UnknownRefException(ref, url.toString(), branches(), names(Constants.R_TAGS));
    }

    UnknownRefException unknownWithClosest(String ref) {
        return UnknownRefException.withClosest(ref, url.toString(), branches(), names(Constants.R_TAGS));
    }

    /** The default branch first, as users look for it first. */
    List<String> branches() {
        List<String> branches = names(Constants.R_HEADS);
        Ref head = head();
        if (head != null && head.isSymbolic() && head.getTarget().getName().startsWith(Constants.R_HEADS)) {
            String main = head.getTarget().getName().substring(Constants.R_HEADS.length());
            if (branches.remove(main)) {
                branches.add(0, main);
            }
        }
        return branches;
    }

    private List<String> names(String prefix) {
        List<String> names = new ArrayList<>();
        for (String name : refs.keySet()) {
            if (name.startsWith(prefix) && !name.endsWith("^{}")) {
                names.add(name.substring(prefix.length()));
            }
        }
        names.sort(null);
        return names;
    }

    static boolean isUnreachable(Throwable e) {
        return reason(e) != null;
    }

    static RepositoryUnreachableException unreachable(RepoUrl url, Throwable e, SshDirectory ssh) {
        String reason = ssh.explain(url, reason(e));
        if ("not found".equals(reason)) {
            reason = notARepository(url.toString()).orElse(reason);
        }
        if (reason == null && cutShort(e)) {
            reason = CUT_SHORT;
        }
        if (reason == null) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            reason = url.redact(String.valueOf(root.getMessage()));
        }
        RepositoryUnreachableException failure = new RepositoryUnreachableException(url.toString(), reason);
        // JGit's messages may echo the URL with its credentials, so the cause is kept only when there are none.
        if (!url.hasCredentials()) {
            failure.initCause(e);
        }
        return failure;
    }

    /** JGit says "not found" also for a folder that exists but holds no repository, the first thing a newcomer points at. */
    private static java.util.Optional<String> notARepository(String url) {
        java.nio.file.Path folder;
        try {
            folder = url.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(url))
                    : url.startsWith("/") ? java.nio.file.Path.of(url) : null;
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
        if (folder == null || !java.nio.file.Files.isDirectory(folder) || java.nio.file.Files.exists(folder.resolve(".git"))
                || java.nio.file.Files.exists(folder.resolve("HEAD"))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(folder + " is a folder but not a Git repository (no .git in it): run"
                + " `git init && git add -A && git commit -m 'first commit'` there, or give the repository's top folder");
    }

    /**
     * The server closed the connection before the pack was whole. Not counted as unreachable, so a
     * shallow fetch cut short falls back to a full one (a second try); when that is cut too, this is the
     * reason. JGit's dumb HTTP walk folds the cause into one message listing each URL it tried.
     */
    private static boolean cutShort(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof java.io.EOFException || message.contains("premature eof") || message.contains("connection reset")
                    || message.contains("unexpected end of stream")) {
                return true;
            }
        }
        return false;
    }

    /** A short reason for the failures a user can fix; null for anything else. */
    private static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (t instanceof NoRemoteRepositoryException || t instanceof InvalidRemoteException
                    || message.contains("repository not found") || message.contains("does not appear to be a git repository")) {
                return "not found";
            }
            if (message.contains("not authorized") || message.contains("authentication is required") || message.contains("auth fail")
                    || message.contains("authentication failed") || message.contains("no more authentication methods")) {
                return NOT_AUTHORIZED;
            }
            if (t instanceof SSLHandshakeException || message.contains("pkix path") || message.contains("certification path")) {
                return UNTRUSTED_CERTIFICATE;
            }
            // Apache MINA sshd's words when known_hosts lacks the key or holds another one.
            if (message.contains("server key did not validate")) {
                return HOST_KEY_REJECTED;
            }
            if (t instanceof ConnectException || message.contains("connection refused")) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException || message.contains("timed out")) {
                return "timed out";
            }
        }
        return null;
    }
}
