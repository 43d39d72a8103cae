package dev.slipway.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real repositories on disk: main with three commits, a dev branch, a lightweight and an annotated tag. */
class GitCheckoutTest {
    @TempDir
    static Path origin;

    static String first;
    static String tagged;
    static String mainTip;
    static String devTip;

    @TempDir
    Path workspace;

    private final GitCheckout checkout = new GitCheckout(Duration.ofSeconds(20), NullProgressMonitor.INSTANCE);

    @BeforeAll
    static void createRepository() throws Exception {
        try (Git git = Git.init().setDirectory(origin.toFile()).setInitialBranch("main").call()) {
            first = commit(git, "app.txt", "one").name();
            RevCommit second = commit(git, "app.txt", "two");
            tagged = second.name();
            git.tag().setName("v1").setAnnotated(false).setObjectId(second).call();
            git.tag().setName("v1.1").setAnnotated(true).setMessage("release 1.1").setObjectId(second).call();
            git.branchCreate().setName("dev").call();
            git.checkout().setName("dev").call();
            devTip = commit(git, "dev.txt", "dev work").name();
            git.checkout().setName("main").call();
            mainTip = commit(git, "app.txt", "three").name();
        }
    }

    private static RevCommit commit(Git git, String file, String content) throws Exception {
        Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), content);
        git.add().addFilepattern(file).call();
        return git.commit().setMessage(content).setAuthor("Test", "test@example.com").setCommitter("Test", "test@example.com").call();
    }

    private String fileUrl() {
        return origin.toUri().toString();
    }

    @Test
    void noRefChecksOutTheDefaultBranch() throws IOException {
        GitCheckout.CheckedOut result = checkout.checkout(fileUrl(), null, workspace);

        assertThat(result.commit()).isEqualTo(mainTip);
        assertThat(result.dir()).isEqualTo(workspace);
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("three");
        assertThat(workspace.resolve("dev.txt")).doesNotExist();
    }

    @Test
    void blankRefFromAPlainLocalPathChecksOutTheDefaultBranch() {
        assertThat(checkout.checkout(origin.toString(), "  ", workspace).commit()).isEqualTo(mainTip);
    }

    @Test
    void branchNameChecksOutItsTip() throws IOException {
        assertThat(checkout.checkout(fileUrl(), "dev", workspace).commit()).isEqualTo(devTip);
        assertThat(Files.readString(workspace.resolve("dev.txt"))).isEqualTo("dev work");
    }

    @Test
    void branchIsFetchedShallowly() {
        checkout.checkout(fileUrl(), "dev", workspace);
        assertThat(workspace.resolve(".git/shallow")).exists();
    }

    @Test
    void lightweightTagChecksOutItsCommit() throws IOException {
        assertThat(checkout.checkout(fileUrl(), "v1", workspace).commit()).isEqualTo(tagged);
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("two");
    }

    @Test
    void annotatedTagIsPeeledToItsCommit() {
        assertThat(checkout.checkout(fileUrl(), "v1.1", workspace).commit()).isEqualTo(tagged);
    }

    @Test
    void fullShaOfATipChecksOutThatCommit() {
        assertThat(checkout.checkout(fileUrl(), devTip, workspace).commit()).isEqualTo(devTip);
    }

    @Test
    void shortShaChecksOutThatCommit() {
        assertThat(checkout.checkout(fileUrl(), mainTip.substring(0, 7), workspace).commit()).isEqualTo(mainTip);
    }

    @Test
    void olderShaThatIsNoTipIsFoundByAFullFetch() throws IOException {
        assertThat(checkout.checkout(fileUrl(), first, workspace).commit()).isEqualTo(first);
        assertThat(Files.readString(workspace.resolve("app.txt"))).isEqualTo("one");
    }

    @Test
    void shortOlderShaIsFoundToo() {
        assertThat(checkout.checkout(fileUrl(), first.substring(0, 10).toUpperCase(), workspace).commit()).isEqualTo(first);
    }

    @Test
    void workspaceHasNoRemoteConfigured() throws IOException {
        checkout.checkout(fileUrl(), "main", workspace);
        assertThat(Files.readString(workspace.resolve(".git/config"))).doesNotContain("[remote");
    }

    @Test
    void unknownRefListsBranchesAndTags() {
        assertThatThrownBy(() -> checkout.checkout(fileUrl(), "nope", workspace))
                .isInstanceOfSatisfying(UnknownRefException.class, e -> assertThat(e.field()).isEqualTo("ref"))
                .hasMessage("ref 'nope' not found in " + fileUrl() + " (branches: main, dev; tags: v1, v1.1)");
    }

    @Test
    void unknownShaIsAnUnknownRef() {
        assertThatThrownBy(() -> checkout.checkout(fileUrl(), "deadbeefdeadbeef", workspace))
                .isInstanceOf(UnknownRefException.class)
                .hasMessageStartingWith("ref 'deadbeefdeadbeef' not found in ");
    }

    @Test
    void missingRepositoryIsUnreachable(@TempDir Path nowhere) {
        String url = nowhere.resolve("missing").toUri().toString();
        assertThatThrownBy(() -> checkout.checkout(url, null, workspace))
                .isInstanceOfSatisfying(RepositoryUnreachableException.class, e -> assertThat(e.field()).isEqualTo("repo"))
                .hasMessage("repository " + url + " cannot be read: not found");
    }

    @Test
    void aFolderThatIsNoGitRepositorySaysSo(@TempDir Path folder) throws Exception {
        java.nio.file.Files.writeString(folder.resolve("Dockerfile"), "FROM busybox:1.36\n");
        for (String url : java.util.List.of(folder.toString(), folder.toUri().toString())) {
            assertThatThrownBy(() -> checkout.checkout(url, null, workspace))
                    .isInstanceOfSatisfying(RepositoryUnreachableException.class, e -> assertThat(e.field()).isEqualTo("repo"))
                    .hasMessage("repository " + url + " cannot be read: " + folder + " is a folder but not a Git repository (no .git in it):"
                            + " run `git init && git add -A && git commit -m 'first commit'` there, or give the repository's top folder");
        }
    }

    @Test
    void credentialsInTheUrlNeverAppearInTheMessage() {
        assertThatThrownBy(() -> checkout.checkout("https://user:secret@127.0.0.1:1/x.git", "main", workspace))
                .isInstanceOf(RepositoryUnreachableException.class)
                .hasMessage("repository https://127.0.0.1:1/x.git cannot be read: connection refused")
                .satisfies(e -> {
                    for (Throwable t = e; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage())).doesNotContain("secret");
                    }
                });
    }

    @Test
    void nonEmptyWorkspaceIsRefused() throws IOException {
        Files.writeString(workspace.resolve("left-over"), "x");
        assertThatThrownBy(() -> checkout.checkout(fileUrl(), null, workspace)).isInstanceOf(IllegalArgumentException.class);
    }
}
