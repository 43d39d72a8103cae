package dev.slipway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.deploy.Labels;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway lint} (no server) and the build column of {@code slipway deployments}, as separate processes. */
class BuildsCliTest {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    @Test
    void lintPrintsFileLineRuleAndExitsOneWhenAnyInputIsUnpinned() throws Exception {
        Path project = Files.createDirectories(tmp.resolve("shop"));
        Files.createDirectories(project.resolve("docker"));
        Files.writeString(project.resolve("slipway.yaml"), "build:\n  dockerfile: docker/Dockerfile\n");
        Files.writeString(project.resolve("docker/Dockerfile"), "FROM python:latest\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n");
        Files.writeString(project.resolve("requirements.txt"), "flask==3.0.3\nrequests\n");

        Run run = slipway(null, "lint", project.toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out().strip().split("\n")).containsExactly(
                "docker/Dockerfile:1: base-latest FROM python:latest follows whatever is newest; pin a version or a digest",
                "requirements.txt:2: requirements-unpinned requests has no ==VERSION (requests)");

        Files.writeString(project.resolve("docker/Dockerfile"), "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n");
        Files.writeString(project.resolve("requirements.txt"), "flask==3.0.3\nrequests==2.32.3\n");
        Run clean = slipway(null, "lint", project.toString());
        assertThat(clean.exit()).as(clean.out() + clean.err()).isZero();
        assertThat(clean.out()).isEmpty();
    }

    @Test
    void deploymentsShowHowEachGotItsImage() throws Exception {
        ContainerEngine engine = DockerTestSupport.engine();
        TestServer server = TestServer.start(tmp.resolve("data"));
        String name = "c" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        List<String> images = new ArrayList<>();
        try {
            TestRepo repo = TestRepo.create(tmp.resolve(name));
            String commit = repo.commit("v1", Apps.version("1"));
            server.createProject(name, repo.url());
            Run test = slipway(server, "deploy", name, "test", "--ref", commit);
            assertThat(test.exit()).as(test.out() + test.err()).isZero();
            Run live = slipway(server, "deploy", name, "live", "--ref", commit);
            assertThat(live.exit()).as(live.out() + live.err()).isZero();
            assertThat(live.out()).contains("[build] re-using image slipway/" + name + ":test-d");

            Run list = slipway(server, "deployments", name);
            assertThat(list.exit()).as(list.err()).isZero();
            assertThat(list.out()).contains("IMAGE").containsPattern("live\\s+succeeded\\s+[0-9a-f]{12}\\s+promotion of build \\d+")
                    .containsPattern("test\\s+succeeded\\s+[0-9a-f]{12}\\s+build \\d+ \\(\\d+\\.\\d s\\)");
            server.call("GET", "/api/v1/projects/" + name + "/builds", null).json().forEach(b -> images.add(b.get("image").asText()));
        } finally {
            server.closeAndRemoveWhatItRan();
            images.forEach(engine::removeImage);
        }
    }

    private Run slipway(TestServer server, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (server != null) {
            pb.environment().put("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort());
            pb.environment().put("SLIPWAY_TOKEN", server.token());
        }
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
