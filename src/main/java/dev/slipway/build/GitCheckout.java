package dev.slipway.build;

import dev.slipway.project.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCacheCheckout;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * Checks out one ref of a repository into an empty workspace, as a detached HEAD, and records the commit.
 *
 * <p>It lists the remote's refs first (ls-remote), so that an unknown ref fails before anything is
 * downloaded and the message can say what exists. Branches, tags and SHAs at a ref's tip are fetched
 * with depth 1; any other SHA needs the history, so it falls back to fetching all branches and tags.
 * No remote is configured in the workspace, so credentials never land in its {@code .git/config}.
 */
public final class GitCheckout {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    /**
     * How long a deployment request waits for the remote's refs before it is accepted unchecked: long enough
     * for a slow Git host, short enough that the request does not look hung.
     */
    public static final Duration REF_CHECK_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,40}");
    private static final Pattern FULL_SHA = Pattern.compile("[0-9a-fA-F]{40}");
    private static final RefSpec ALL_BRANCHES = new RefSpec("+refs/heads/*:refs/remotes/origin/*");
    private static final RefSpec ALL_TAGS = new RefSpec("+refs/tags/*:refs/tags/*");

    public record CheckedOut(Path dir, String commit) {}

    /**
     * {@code timeout} bounds each network operation; {@code sshDirectory} holds the private key(s),
     * {@code known_hosts} and an optional {@code config} used for ssh:// and scp-like URLs.
     */
    public record Options(Duration timeout, Path sshDirectory) {
        public static final Path DEFAULT_SSH_DIRECTORY = Path.of(System.getProperty("user.home"), ".ssh");
        public static final Options DEFAULTS = new Options(DEFAULT_TIMEOUT, DEFAULT_SSH_DIRECTORY);

        public Options withSshDirectory(Path directory) {
            return new Options(timeout, directory == null ? DEFAULT_SSH_DIRECTORY : directory);
        }
    }

    private final Duration timeout;
    private final ProgressMonitor monitor;
    private final SshDirectory ssh;

    public GitCheckout() {
        this(Options.DEFAULTS, NullProgressMonitor.INSTANCE);
    }

    public GitCheckout(Duration timeout, ProgressMonitor monitor) {
        this(new Options(timeout, Options.DEFAULT_SSH_DIRECTORY), monitor);
    }

    public GitCheckout(Options options) {
        this(options, NullProgressMonitor.INSTANCE);
    }

    /** {@code monitor} reports progress and carries cancellation. */
    public GitCheckout(Options options, ProgressMonitor monitor) {
        this.timeout = options.timeout();
        this.monitor = monitor;
        this.ssh = new SshDirectory(options.sshDirectory());
    }

    /** The URL as it may be shown: without any credentials. */
    public static String redact(String repoUrl) {
        return repoUrl == null ? null : RepoUrl.parse(repoUrl.strip()).withoutCredentials();
    }

    /** Lists the remote's refs; throws RepositoryUnreachableException (field "repo") when it cannot be read. */
    public void requireReadable(String repoUrl) {
        RepoUrl url = RepoUrl.parse(repoUrl.strip());
        RemoteRefs.list(url, credentials(url), ssh, seconds());
    }

    /**
     * Throws InvalidInputException (field "branch") unless the remote has {@code branch} as a branch or tag,
     * so an environment is never created to deploy a ref that is not there; unreachable: as requireReadable.
     */
    public void requireBranch(String repoUrl, String branch) {
        RepoUrl url = RepoUrl.parse(repoUrl.strip());
        RemoteRefs remote = RemoteRefs.list(url, credentials(url), ssh, seconds());
        if (remote.named(branch) == null) {
            throw new dev.slipway.project.InvalidInputException("branch", "branch '" + branch + "' not found in " + url
                    + " (branches: " + String.join(", ", remote.branches()) + ")");
        }
    }

    /**
     * Throws UnknownRefException (field "ref", naming the closest branches) when the remote has no branch or tag
     * named {@code ref}, so that a typo is refused at the request instead of becoming a failed deployment.
     * Passes unlisted: null (the default branch) and a full 40-hex SHA, which may be any commit of the history.
     * Passes unchecked: a shorter SHA (only a fetch tells whether it is a commit), and any ref when the remote
     * cannot be listed within {@code within}: the checkout then fails with the reason, as it always has.
     */
    public void requireRef(String repoUrl, String ref, Duration within) {
        if (ref == null || FULL_SHA.matcher(ref).matches()) {
            return;
        }
        RepoUrl url = RepoUrl.parse(repoUrl.strip());
        int seconds = (int) Math.max(1, within.toSeconds());
        FutureTask<RemoteRefs> listing = new FutureTask<>(() -> RemoteRefs.list(url, credentials(url), ssh, seconds));
        // JGit's timeout bounds each read, not the whole listing; the request waits at most `within`.
        Thread.ofVirtual().name("ls-remote-for-deploy").start(listing);
        RemoteRefs remote;
        try {
            remote = listing.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            listing.cancel(true);
            return;
        } catch (InterruptedException e) {
            listing.cancel(true);
            Thread.currentThread().interrupt();
            return;
        }
        if (remote.named(ref) == null && !SHA.matcher(ref).matches()) {
            throw remote.unknownWithClosest(ref);
        }
    }

    /** The remote's branches and tags with their commits (ls-remote: nothing is downloaded). */
    public RepoRefs refs(String repoUrl) {
        RepoUrl url = RepoUrl.parse(repoUrl.strip());
        return RemoteRefs.list(url, credentials(url), ssh, seconds()).tips();
    }

    /** {@code ref} null or blank means the remote's default branch. {@code workspace} must be missing or empty. */
    public CheckedOut checkout(String repoUrl, String ref, Path workspace) {
        RepoUrl url = RepoUrl.parse(repoUrl.strip());
        RemoteRefs remote = RemoteRefs.list(url, credentials(url), ssh, seconds());
        String wanted = ref == null || ref.isBlank() ? null : ref.strip();
        requireEmpty(workspace);
        try (Git git = Git.init().setDirectory(workspace.toFile()).call()) {
            // A workspace lives for one build: no garbage collection, which JGit may otherwise start in the
            // background after a fetch (seen once as a missing .git/gc.log.lock while the checkout went on).
            StoredConfig config = git.getRepository().getConfig();
            config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
            config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
            config.save();
            ObjectId commit = fetch(git, url, wanted, remote);
            detachedCheckout(git.getRepository(), commit);
            return new CheckedOut(workspace, commit.name());
        } catch (GitAPIException | IOException e) {
            throw new CheckoutException("checking out " + describe(wanted) + " of " + url + " into " + workspace + " failed: " + url.redact(e.getMessage()), url.hasCredentials() ? null : e);
        }
    }

    /** Fetches what {@code wanted} names and returns its commit. */
    private ObjectId fetch(Git git, RepoUrl url, String wanted, RemoteRefs remote) throws IOException {
        if (wanted == null) {
            Ref head = remote.head();
            if (head == null) {
                throw remote.unknown(null);
            }
            String source = head.isSymbolic() ? head.getTarget().getName() : Constants.HEAD;
            return fetchRef(git, url, source, head.getObjectId());
        }
        Ref named = remote.named(wanted);
        if (named != null) {
            return fetchRef(git, url, named.getName(), named.getObjectId());
        }
        if (!SHA.matcher(wanted).matches()) {
            throw remote.unknown(wanted);
        }
        String sha = wanted.toLowerCase(Locale.ROOT);
        Ref tip = remote.tipStartingWith(sha);
        if (tip != null) {
            return fetchRef(git, url, tip.getName(), tip.getObjectId());
        }
        if (sha.length() == Constants.OBJECT_ID_STRING_LENGTH && tryShallow(git, url, new RefSpec(sha + ":refs/slipway/wanted"))) {
            return commitOf(git.getRepository(), ObjectId.fromString(sha), wanted, remote);
        }
        run(git, url, fetchCommand(git, url, ALL_BRANCHES, ALL_TAGS));
        return resolveAbbreviated(git.getRepository(), sha, wanted, remote);
    }

    private ObjectId fetchRef(Git git, RepoUrl url, String name, ObjectId advertised) throws IOException {
        String local = name.startsWith(Constants.R_HEADS) ? Constants.R_REMOTES + "origin/" + name.substring(Constants.R_HEADS.length())
                : name.startsWith("refs/") ? name : "refs/slipway/" + name;
        RefSpec spec = new RefSpec("+" + name + ":" + local);
        if (!tryShallow(git, url, spec)) {
            run(git, url, fetchCommand(git, url, spec));
        }
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            // parseCommit peels annotated tags down to their commit.
            return walk.parseCommit(advertised).copy();
        }
    }

    /** False when the server cannot serve this fetch shallowly (or not by SHA); errors reaching it are thrown. */
    private boolean tryShallow(Git git, RepoUrl url, RefSpec spec) {
        try {
            fetchCommand(git, url, spec).setDepth(1).call();
            return true;
        } catch (GitAPIException | RuntimeException e) {
            if (RemoteRefs.isUnreachable(e)) {
                throw RemoteRefs.unreachable(url, e, ssh);
            }
            return false;
        }
    }

    private FetchCommand fetchCommand(Git git, RepoUrl url, RefSpec... specs) {
        return git.fetch()
                .setRemote(url.withoutCredentials())
                .setCredentialsProvider(credentials(url))
                .setTransportConfigCallback(ssh)
                .setRefSpecs(specs)
                .setTagOpt(TagOpt.NO_TAGS)
                .setTimeout(seconds())
                .setProgressMonitor(monitor);
    }

    private void run(Git git, RepoUrl url, FetchCommand fetch) {
        try {
            fetch.call();
        } catch (GitAPIException | RuntimeException e) {
            throw RemoteRefs.unreachable(url, e, ssh);
        }
    }

    private static ObjectId resolveAbbreviated(Repository repo, String sha, String wanted, RemoteRefs remote) throws IOException {
        try (ObjectReader reader = repo.newObjectReader(); RevWalk walk = new RevWalk(reader)) {
            Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(sha));
            List<ObjectId> commits = new ArrayList<>();
            for (ObjectId id : matches) {
                // A full SHA resolves to itself whether or not the object is there: opening it tells.
                if (reader.has(id) && reader.open(id).getType() == Constants.OBJ_COMMIT) {
                    commits.add(id);
                }
            }
            if (commits.isEmpty()) {
                throw remote.unknown(wanted);
            }
            if (commits.size() > 1) {
                throw new InvalidInputException("ref", "ref '" + wanted + "' is ambiguous in " + remote.url() + ": it starts " + commits.size() + " commits; give more characters");
            }
            return walk.parseCommit(commits.get(0)).copy();
        }
    }

    private static ObjectId commitOf(Repository repo, ObjectId id, String wanted, RemoteRefs remote) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit commit = walk.parseCommit(id);
            return commit.copy();
        } catch (MissingObjectException | IncorrectObjectTypeException e) {
            throw remote.unknown(wanted);
        }
    }

    private static void detachedCheckout(Repository repo, ObjectId commit) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit revCommit = walk.parseCommit(commit);
            DirCacheCheckout checkout = new DirCacheCheckout(repo, repo.lockDirCache(), revCommit.getTree());
            checkout.setFailOnConflict(true);
            checkout.checkout();
        }
        RefUpdate head = repo.updateRef(Constants.HEAD, true);
        head.setNewObjectId(commit);
        head.forceUpdate();
    }

    private static void requireEmpty(Path workspace) {
        if (!Files.isDirectory(workspace)) {
            return;
        }
        try (Stream<Path> entries = Files.list(workspace)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("workspace " + workspace + " is not empty");
            }
        } catch (IOException e) {
            throw new CheckoutException("cannot read workspace " + workspace, e);
        }
    }

    private static CredentialsProvider credentials(RepoUrl url) {
        return url.hasCredentials() ? new UsernamePasswordCredentialsProvider(url.user(), url.password()) : null;
    }

    private int seconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }

    private static String describe(String wanted) {
        return wanted == null ? "the default branch" : "'" + wanted + "'";
    }
}
