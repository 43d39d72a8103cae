package dev.slipway.cli;

import dev.slipway.build.drift.DriftDetector;
import dev.slipway.build.drift.DriftException;
import dev.slipway.build.drift.DriftOptions;
import dev.slipway.build.drift.DriftReport;
import dev.slipway.build.drift.SourceFiles;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.NoSuchImageException;
import dev.slipway.engine.docker.DockerContainerEngine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "builds", description = "Looks at built images.", subcommands = {BuildsCommand.Diff.class})
final class BuildsCommand {

    @Command(name = "diff", description = {
            "Shows where two images of one commit differ: the first Dockerfile instruction whose layer content",
            "differs, and the package versions that changed (Debian, Python, npm). Runs against the local",
            "Docker engine; needs no server. Two build numbers (see `slipway deployments`) are compared by the server."})
    static final class Diff implements Callable<Integer> {
        @Parameters(index = "0", description = "the earlier build: a build number (asks the server) or an image tag or id") String imageA;
        @Parameters(index = "1", description = "the later build: a build number (asks the server) or an image tag or id") String imageB;
        @Option(names = "--context", description = "the build context, for requirement files and package.json (default: .)")
        Path context = Path.of(".");
        @Option(names = "--dockerfile", description = "the Dockerfile both were built from (default: Dockerfile in the context, if any)")
        Path dockerfile;

        @Override
        public Integer call() {
            if (imageA.matches("\\d+") && imageB.matches("\\d+")) {
                // Build numbers live on the server, which has both images and compares them there.
                ApiClient.fromEnvironment().get("/api/v1/builds/" + imageB + "/drift?against=" + imageA)
                        .get("lines").forEach(line -> System.out.println(line.asText()));
                return 0;
            }
            Path file = dockerfile != null ? dockerfile : context.resolve("Dockerfile");
            String text = null;
            if (dockerfile != null || Files.isRegularFile(file)) {
                try {
                    text = Files.readString(file);
                } catch (IOException e) {
                    System.err.println("error: cannot read the Dockerfile " + file + ": " + e.getMessage());
                    return Main.BAD_INPUT;
                }
            }
            DockerContainerEngine connected;
            try {
                connected = DockerContainerEngine.connect();
            } catch (EngineException e) {
                System.err.println("error: " + e.getMessage());
                return Main.UNREACHABLE;
            }
            try (DockerContainerEngine engine = connected) {
                DriftReport report = new DriftDetector(engine, DriftOptions.DEFAULTS)
                        .compare(imageA, imageB, text, SourceFiles.directory(context));
                report.lines().forEach(System.out::println);
                return 0;
            } catch (NoSuchImageException e) {
                System.err.println("error: " + e.getMessage());
                return Main.BAD_INPUT;
            } catch (EngineException | DriftException e) {
                System.err.println("error: " + e.getMessage());
                return Main.FAILED;
            }
        }
    }
}
