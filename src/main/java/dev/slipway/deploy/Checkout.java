package dev.slipway.deploy;

import dev.slipway.build.ConfigLoader;
import dev.slipway.build.GitCheckout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Step 2: fetch the ref into a fresh workspace, record the commit, read the project's config. */
public final class Checkout implements Step {
    private final GitCheckout git;
    private final Path workspaces;
    private final dev.slipway.store.Store store;

    public Checkout(GitCheckout git, Path workspaces, dev.slipway.store.Store store) {
        this.git = git;
        this.workspaces = workspaces;
        this.store = store;
    }

    @Override
    public String name() {
        return "checkout";
    }

    @Override
    public void run(DeploymentContext context) throws IOException {
        String ref = context.deployment().ref() != null ? context.deployment().ref() : context.environment().branch();
        Path workspace = workspaces.resolve("d" + context.deployment().id());
        deleteTree(workspace);
        Files.createDirectories(workspace.getParent());
        context.workspace = workspace;
        context.log().line("fetching " + (ref == null ? "the default branch" : "'" + ref + "'") + " of " + GitCheckout.redact(context.project().repoUrl()));
        GitCheckout.CheckedOut out = git.checkout(context.project().repoUrl(), ref, workspace);
        context.commit = out.commit();
        store.setCommit(context.deployment().id(), out.commit());
        context.log().line("commit " + out.commit());
        // The build context is the work tree only: history stays out of the image and the upload.
        deleteTree(out.dir().resolve(".git"));
        ConfigLoader.LoadedConfig loaded = new ConfigLoader().load(out.dir(), null);
        context.config = loaded.config();
        context.configSource = loaded.source();
        context.log().line("config from " + loaded.source());
    }

    @Override
    public void undo(DeploymentContext context) {
        deleteTree(context.workspace);
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove workspace " + dir, e);
        }
    }
}
