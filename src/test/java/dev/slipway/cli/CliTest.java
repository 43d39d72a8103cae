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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI as a user runs it: a separate process, SLIPWAY_URL and SLIPWAY_TOKEN, exit codes and last lines. */
class CliTest {
    @TempDir static Path tmp;
    static TestServer server;
    static TestRepo repo;

    record Run(int exit, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    @BeforeAll
    static void start() {
        server = TestServer.start(tmp.resolve("data"));
        repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("v1", Apps.version("1"));
    }

    @AfterAll
    static void stop() {
        String instance = server.instanceId();
        server.close();
        ContainerEngine engine = DockerTestSupport.engine();
        DockerTestSupport.removeEverythingOf(instance);
    }

    @Test
    void deployStreamsStepsAndExitsWithTheOutcome() throws Exception {
        Run create = slipway("projects", "create", "cli", "--repo", repo.url());
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(create.out()).contains("created project cli").contains("http://test.cli.localhost:");

        Run ok = slipway("deploy", "cli", "test");
        assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
        assertThat(ok.out()).contains("[checkout] commit ").contains("[build] ").contains("[migrate] migration ran for test");
        assertThat(ok.lastLine()).matches("deployment (\\d+) succeeded: test.cli runs release \\1 \\(commit [0-9a-f]{12}\\)");
        assertThat(server.request("cli", "test", "/").body()).isEqualTo("version 1\n");

        repo.commit("bad migration", Apps.with(Apps.version("2"), "slipway.yaml",
                Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "echo no such table; exit 4")));
        Run failed = slipway("deploy", "cli", "test");
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.out()).contains("[migrate] no such table");
        assertThat(failed.lastLine()).matches("deployment \\d+ failed at migrate: migration 'echo no such table; exit 4' exited with code 4.*");
        assertThat(server.request("cli", "test", "/").body()).isEqualTo("version 1\n");

        Run list = slipway("deployments", "cli", "test");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains("succeeded").contains("failed").contains("migrate");

        Run status = slipway("status", "cli");
        assertThat(status.out()).containsPattern("test\\s+release \\d+ \\(commit [0-9a-f]{12}\\), 1 web, 1 process");

        long failedId = Long.parseLong(failed.lastLine().split(" ")[1]);
        Run logs = slipway("logs", Long.toString(failedId));
        assertThat(logs.out()).contains("[migrate] $ echo no such table; exit 4");
    }

    @Test
    void badInputExitsWithTwoAndANamedReason() throws Exception {
        Run unknown = slipway("deploy", "nope", "test");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("project 'nope' not found");

        Run invalid = slipway("projects", "create", "Not_Valid", "--repo", repo.url());
        assertThat(invalid.exit()).isEqualTo(2);
        assertThat(invalid.err()).contains("Not_Valid");
    }

    @Test
    void badRouterLimitsAreRefusedNamingTheFlag() throws Exception {
        Run run = slipway("server", "--data", tmp.resolve("unused").toString(), "--read-timeout", "soon");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("--read-timeout 'soon' is not a positive duration");
        assertThat(tmp.resolve("unused").resolve(dev.slipway.server.AdminToken.HASH_FILE)).doesNotExist();
    }

    @Test
    void anUnknownWayToReachContainersIsRefusedNamingTheVariable() throws Exception {
        Run run = slipway(Map.of("SLIPWAY_UPSTREAMS", "bridge"), "server", "--data", tmp.resolve("upstreams").toString(),
                "--port", "0", "--router-port", "0");
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("SLIPWAY_UPSTREAMS is 'bridge'; it must be 'network'");
        assertThat(tmp.resolve("upstreams")).doesNotExist();
    }

    @Test
    void anUnreachableServerIsSaidPlainly() throws Exception {
        Run run = slipway(Map.of("SLIPWAY_URL", "http://127.0.0.1:1"), "projects", "list");
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).contains("no Slipway server answers at http://127.0.0.1:1 (SLIPWAY_URL)");
    }

    private Run slipway(String... args) throws Exception {
        return slipway(Map.of(), args);
    }

    private Run slipway(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SLIPWAY_URL", "http://127.0.0.1:" + server.apiPort());
        pb.environment().put("SLIPWAY_TOKEN", server.token());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
