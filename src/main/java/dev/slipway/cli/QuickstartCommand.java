package dev.slipway.cli;

import dev.slipway.engine.docker.DockerContainerEngine;
import dev.slipway.server.SlipwayServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the server with its embedded defaults, registers the bundled example (copied into a Git
 * repository under the data folder) and deploys it to test, then keeps serving.
 */
@Command(name = "quickstart", description = "Starts Slipway with embedded defaults and deploys the bundled example to test.")
final class QuickstartCommand implements Callable<Integer> {
    static final String EXAMPLE_BASE = "busybox:1.36";
    static final String STOP_NOTE = "serving; Ctrl-C stops Slipway and its router, so the example stops answering; its containers keep running,"
            + " and `bin/slipway server --data %s` (or quickstart again) routes to them again";

    @Mixin ServerCommand server = new ServerCommand();

    @Option(names = "--example", description = "example project folder; default examples/hello beside bin/slipway")
    Path example;

    @Option(names = "--exit", description = "stop the server once the example is deployed (for scripts)")
    boolean exit;

    @Override
    public Integer call() throws Exception {
        Path source = example != null ? example : Path.of(System.getenv().getOrDefault("SLIPWAY_HOME", "."), "examples", "hello");
        if (!Files.isRegularFile(source.resolve("Dockerfile"))) {
            System.err.println("error: no example at " + source.toAbsolutePath() + " (give --example DIR)");
            return Main.BAD_INPUT;
        }
        server.requirePortsFree();
        if (example == null) ensureExampleBaseImage();
        // Beside the data folder, not in it: no repository may be inside the data folder (see RepoRoots).
        Path exampleRepo = exampleRepositoryFolder(server.data);
        java.util.List<Path> roots = new java.util.ArrayList<>(server.repoRoots);
        roots.add(exampleRepo);
        try (SlipwayServer running = SlipwayServer.start(server.options().withRepoRoots(roots))) {
            server.tellAboutToken(running, System.out);
            ApiClient api = new ApiClient("http://" + server.host + ":" + running.port(), running.localToken());
            Path repo = exampleRepository(source, exampleRepo);
            boolean exists = false;
            for (var p : api.get("/api/v1/projects")) exists |= p.get("name").asText().equals("hello");
            if (!exists) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("name", "hello");
                body.put("repo", repo.toUri().toString());
                api.post("/api/v1/projects", body);
                System.out.println("created project hello from " + repo);
            }
            long id = api.post("/api/v1/projects/hello/environments/test/deployments", Map.of()).get("id").asLong();
            int outcome = DeploymentStream.follow(api, id, System.out);
            String url = "http://test.hello." + server.baseDomain + ":" + running.routerPort() + "/";
            System.out.println(outcome == 0 ? "the example answers at " + url : "the example did not deploy");
            System.out.println("web UI and API: http://" + server.host + ":" + running.port() + "/  (sign in with the admin token)");
            if (exit || outcome != 0) return outcome;
            System.out.println(STOP_NOTE.formatted(server.data));
            // As `slipway server`: stopped cleanly on Ctrl-C; the containers are left running on purpose.
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
            Thread.currentThread().join();
            return 0;
        }
    }

    /**
     * The bundled example builds FROM busybox:1.36: pulled where a registry answers, else made locally by
     * scripts/base-images.sh. Here, after the arguments are parsed, so that `--help` builds nothing.
     */
    private static void ensureExampleBaseImage() throws IOException, InterruptedException {
        try (DockerContainerEngine engine = DockerContainerEngine.connect()) {
            if (engine.imageExists(EXAMPLE_BASE) || engine.pullImage(EXAMPLE_BASE, Duration.ofMinutes(2))) return;
        }
        Path script = Path.of(System.getenv().getOrDefault("SLIPWAY_HOME", "."), "scripts", "base-images.sh");
        System.out.println("making " + EXAMPLE_BASE + " locally (no registry has it) with " + script);
        ProcessBuilder make = new ProcessBuilder("bash", script.toString()).inheritIO();
        make.environment().put("SKIP_DEBIAN_IMAGE", "1");
        Process p = make.start();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(script + " did not make " + EXAMPLE_BASE + " within 5 minutes");
        }
    }

    /** DATA's sibling DATA-example-repo: ./data-example-repo for the default ./data. */
    static Path exampleRepositoryFolder(Path data) {
        Path absolute = data.toAbsolutePath().normalize();
        return absolute.resolveSibling(absolute.getFileName() + "-example-repo");
    }

    /** A Git repository holding the example's files, committed anew when they changed. */
    static Path exampleRepository(Path source, Path repo) throws IOException, GitAPIException {
        try (Git git = Files.isDirectory(repo.resolve(".git")) ? Git.open(repo.toFile()) : Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
             Stream<Path> files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = repo.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) Files.createDirectories(target);
                else Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
            }
            git.add().addFilepattern(".").call();
            if (!git.status().call().isClean() || !git.log().setMaxCount(1).call().iterator().hasNext()) {
                git.commit().setMessage("Example project").setAuthor("Slipway", "slipway@localhost").setCommitter("Slipway", "slipway@localhost").call();
            }
        } catch (org.eclipse.jgit.api.errors.NoHeadException e) {
            try (Git git = Git.open(repo.toFile())) {
                git.commit().setMessage("Example project").setAuthor("Slipway", "slipway@localhost").setCommitter("Slipway", "slipway@localhost").call();
            }
        }
        return repo;
    }
}
