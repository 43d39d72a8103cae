package dev.slipway.build;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * A bare repository as a Git server holds it ({@code repo.git}): main with three commits, a dev branch,
 * a lightweight tag v1 and an annotated tag v1.1 on main's second commit. Made ready for Git's "dumb"
 * HTTP protocol by {@code git update-server-info}, which writes the ref and pack lists a file server serves.
 */
record BareOrigin(Path dir, String first, String tagged, String mainTip, String devTip) {

    static BareOrigin create(Path parent) throws Exception {
        Path work = parent.resolve("work");
        String first;
        String tagged;
        String mainTip;
        String devTip;
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
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
        Path bare = parent.resolve("repo.git");
        Commands.run(parent, "git", "clone", "--quiet", "--bare", work.toString(), bare.toString());
        Commands.run(bare, "git", "update-server-info");
        return new BareOrigin(bare, first, tagged, mainTip, devTip);
    }

    private static RevCommit commit(Git git, String file, String content) throws Exception {
        Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), content);
        git.add().addFilepattern(file).call();
        return git.commit().setMessage(content).setAuthor("Test", "test@example.com").setCommitter("Test", "test@example.com").call();
    }
}
