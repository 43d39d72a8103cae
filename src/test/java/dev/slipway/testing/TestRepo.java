package dev.slipway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/** A real Git repository on disk that a test commits project versions to. */
public final class TestRepo {
    private final Path dir;

    private TestRepo(Path dir) {
        this.dir = dir;
    }

    public static TestRepo create(Path dir) {
        try (Git ignored = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            return new TestRepo(dir);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return dir.toUri().toString();
    }

    /** Writes the files (path → content; null content deletes) and commits; returns the commit SHA. */
    public String commit(String message, Map<String, String> files) {
        try (Git git = Git.open(dir.toFile())) {
            for (var e : files.entrySet()) {
                Path file = dir.resolve(e.getKey());
                if (e.getValue() == null) {
                    Files.deleteIfExists(file);
                    git.rm().addFilepattern(e.getKey()).call();
                } else {
                    Files.createDirectories(file.getParent());
                    Files.writeString(file, e.getValue());
                    git.add().addFilepattern(e.getKey()).call();
                }
            }
            RevCommit c = git.commit().setMessage(message).setAuthor("test", "test@localhost").setCommitter("test", "test@localhost").call();
            return c.getName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Switches to the branch, creating it at the current commit when it is new; later commits go there. */
    public void onBranch(String name) {
        try (Git git = Git.open(dir.toFile())) {
            boolean exists = git.getRepository().findRef("refs/heads/" + name) != null;
            git.checkout().setName(name).setCreateBranch(!exists).call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An annotated tag (a tag object of its own, pointing at the current commit). */
    public String annotatedTag(String name, String message) {
        try (Git git = Git.open(dir.toFile())) {
            git.tag().setName(name).setAnnotated(true).setMessage(message).setTagger(new org.eclipse.jgit.lib.PersonIdent("test", "test@localhost")).call();
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    public String tag(String name) {
        try (Git git = Git.open(dir.toFile())) {
            git.tag().setName(name).setAnnotated(false).call();
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }
}
