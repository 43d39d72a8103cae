package dev.slipway.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.server.ServerOptions;
import dev.slipway.testing.Launcher;
import dev.slipway.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The docs check: every fenced block of README.md and docs/**&#47;*.md whose info string is exactly
 * {@code sh runnable} is run, and must exit 0, so the commands the docs show stay true.
 *
 * <p>The convention, for whoever writes a page:
 * <ul>
 *   <li>each block runs with {@code bash -e -o pipefail}, at most 3 minutes;</li>
 *   <li>each page gets a fresh, empty server (real Docker engine, router on a random port, base domain
 *       localhost); its blocks run in page order against it, in one working folder, so a later block sees
 *       what an earlier one made;</li>
 *   <li>pages run side by side, {@value #PAGES_AT_ONCE} at a time: each has its own server, data and working
 *       folder, and Slipway names containers, networks and images by server instance, so pages share nothing
 *       (one after another the docs took 143 s, most of it deployments waiting on the engine);</li>
 *   <li>{@code slipway} on PATH is bin/slipway; {@code SLIPWAY_URL} and {@code SLIPWAY_TOKEN} name the
 *       server; {@code SAMPLE_REPO} is the file:// URL of a Git repository of examples/hello (branch main,
 *       the working folder's {@code hello/}), {@code SAMPLE_DIR} its working tree; {@code ROUTER_PORT} and
 *       {@code SLIPWAY_ROUTER} (http://127.0.0.1:PORT) reach the router;</li>
 *   <li>no registry, no DNS, no docker compose: such commands stay in plain {@code sh} blocks.</li>
 * </ul>
 * A failure names the file and line of the block's opening fence and shows its output.
 */
class DocsCheckTest {
    static final Path EXAMPLE = Path.of("examples/hello");
    static final int PAGES_AT_ONCE = 3;
    /** Bounds the wait for one page: at most 3 minutes per block, and pages queue behind each other. */
    static final Duration PAGE_DEADLINE = Duration.ofMinutes(15);

    @TempDir Path tmp;

    @TestFactory
    Stream<DynamicTest> everyRunnableBlockOfTheDocsExitsZero() {
        List<Path> pages = RunnableBlocks.pages().stream().filter(page -> !blocksOf(page).isEmpty()).toList();
        assertThat(pages).as("pages with a runnable block").contains(Path.of(SlipwayYamlReferenceTest.PAGE.toString()));
        ExecutorService pool = Executors.newFixedThreadPool(PAGES_AT_ONCE);
        Map<Path, Future<?>> running = new LinkedHashMap<>();
        for (Path page : pages) running.put(page, pool.submit(() -> {
            runPage(page, blocksOf(page));
            return null;
        }));
        pool.shutdown();
        return pages.stream().map(page -> DynamicTest.dynamicTest(page.toString(), () -> awaitPage(running.get(page))));
    }

    /** The page's own result: its AssertionError as it was thrown, so the report names the block. */
    private static void awaitPage(Future<?> page) throws Exception {
        try {
            page.get(PAGE_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) throw error;
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        } catch (TimeoutException e) {
            page.cancel(true);
            throw new AssertionError("the page did not finish within " + PAGE_DEADLINE, e);
        }
    }

    @Test
    void onlyBlocksWhoseInfoStringIsExactlyShRunnableAreRun() {
        String page = String.join("\n", "# page", "```sh", "not run", "```", "```sh runnable-later", "not run", "```",
                "- a list item:", "  ```sh runnable", "  slipway --help", "  ```", "````", "```sh runnable", "````", "```sh runnable", "true", "```");
        List<RunnableBlocks.Block> blocks = RunnableBlocks.in(Path.of("page.md"), page);

        assertThat(blocks).containsExactly(
                new RunnableBlocks.Block(Path.of("page.md"), 9, "slipway --help\n"),
                new RunnableBlocks.Block(Path.of("page.md"), 15, "true\n"));
    }

    @Test
    void aFailingBlockFailsTheCheckNamingItsFileAndLineAndTheBlocksAfterItDoNotRun() throws IOException {
        Path page = tmp.resolve("broken.md");
        Files.writeString(page, String.join("\n", "# broken", "", "```sh runnable", "slipway projects list", "```", "",
                "```sh runnable", "slipway deploy nosuch test", "echo after", "```", "", "```sh runnable", "touch ran-later", "```", ""));

        assertThatThrownBy(() -> runPage(page, blocksOf(page)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(page + ":7 exited with")
                .hasMessageContaining("nosuch")
                .hasMessageContaining("--- stdout ---\n--- stderr ---\n");
        assertThat(tmp.resolve(page.getFileName() + "-check/work/ran-later")).doesNotExist();
    }

    @Test
    void aPageThatFailsBesideOthersFailsItsOwnTestWithTheBlocksMessage() {
        AssertionError failed = new AssertionError("docs/x.md:7 exited with 1\n--- block ---\nslipway deploy nosuch test\n");

        assertThatThrownBy(() -> awaitPage(CompletableFuture.failedFuture(failed))).isSameAs(failed);
    }

    private static List<RunnableBlocks.Block> blocksOf(Path page) {
        try {
            return RunnableBlocks.in(page, Files.readString(page));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void runPage(Path page, List<RunnableBlocks.Block> blocks) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve(page.toString().replace('/', '_') + "-check"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path sample = sampleRepository(work.resolve("hello"));
        TestServer server = TestServer.start(ServerOptions.defaults(dir.resolve("data")).withPorts(0, 0).withRepoRoots(List.of(work)));
        try {
            Launcher launcher = Launcher.create(dir)
                    .env("PATH", dir.resolve("slipway-home/bin") + ":" + System.getenv("PATH"))
                    .env("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort())
                    .env("SLIPWAY_TOKEN", server.token())
                    .env("SAMPLE_REPO", sample.toUri().toString())
                    .env("SAMPLE_DIR", sample.toString())
                    .env("ROUTER_PORT", Integer.toString(server.routerPort()))
                    .env("SLIPWAY_ROUTER", "http://127.0.0.1:" + server.routerPort());
            int n = 0;
            for (RunnableBlocks.Block block : blocks) {
                Path script = dir.resolve("block-" + (++n) + ".sh");
                Files.writeString(script, block.script());
                Launcher.Run run = launcher.runProgram(work, List.of("bash", "-e", "-o", "pipefail", script.toString()));
                if (run.exit() != 0) {
                    throw new AssertionError(block.where() + " exited with " + run.exit() + "\n--- block ---\n" + block.script()
                            + "--- stdout ---\n" + run.out() + "--- stderr ---\n" + run.err());
                }
            }
        } finally {
            server.closeAndRemoveWhatItRan();
        }
    }

    /** A Git repository of examples/hello, one commit on main, as a user's own project would be. */
    private static Path sampleRepository(Path dir) throws Exception {
        try (Stream<Path> files = Files.walk(EXAMPLE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = dir.resolve(EXAMPLE.relativize(file).toString());
                Files.createDirectories(target.getParent());
                Files.copy(file, target);
            }
        }
        try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("hello").setAuthor("docs", "docs@localhost").setCommitter("docs", "docs@localhost").call();
        }
        return dir;
    }
}
