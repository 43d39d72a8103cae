package dev.slipway.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.swarm.SwarmCluster;
import dev.slipway.server.EngineChoice;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deployments on a real three-node swarm against the single Docker engine, for bench/swarm.sh (not a
 * test): the bundled example deployed on each engine (steps timed), then wrk through the swarm server's
 * router while deployments run, good and failing in turn, with a worker node powered off midway.
 * Writes a Markdown report to bench/out/.
 */
public final class SwarmBench {
    private static final Path EXAMPLE = Path.of("examples/hello");

    public static void main(String[] args) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        int deploys = Integer.getInteger("bench.deploys", 6);
        int conns = Integer.getInteger("bench.conns", 16);
        Path tmp = Files.createTempDirectory("slipway-swarm-bench");
        StringBuilder report = new StringBuilder();
        report.append("### Swarm against one Docker engine: the bundled example, and wrk during deployments with a worker powered off\n\n");
        report.append("- machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores; swarm: the host's engine as manager, two Docker-in-Docker workers, Debian's docker-registry\n");
        try (SwarmCluster cluster = SwarmCluster.start()) {
            report.append("- cluster started in ").append(seconds(cluster.startTime())).append(" s\n\n");
            Map<String, List<Map<String, Long>>> steps = new LinkedHashMap<>();
            TestServer single = TestServer.start(ServerOptions.defaults(tmp.resolve("single")).withPorts(0, 0));
            TestServer swarm = TestServer.start(ServerOptions.defaults(tmp.resolve("swarm")).withPorts(0, 0)
                    .withEngine(EngineChoice.of("swarm", cluster.registry())));
            try {
                steps.put("one Docker engine", deployExample(single, tmp.resolve("repo-single"), rounds));
                steps.put("swarm, 3 nodes", deployExample(swarm, tmp.resolve("repo-swarm"), rounds));
                report.append(stepTable(steps, rounds));
                report.append(underLoad(swarm, cluster, tmp.resolve("repo-load"), deploys, conns));
            } finally {
                single.closeAndRemoveWhatItRan();
                swarm.close();
                cluster.close();
                DockerTestSupport.removeEverythingOf(swarm.instanceId());
            }
        }
        Path out = Path.of("bench/out");
        Files.createDirectories(out);
        Path file = out.resolve("swarm-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".md");
        Files.writeString(file, report);
        System.out.println(report);
        System.out.println("table written to " + file);
        System.exit(0);
    }

    /** Deploys the bundled example {@code rounds} times (a new commit each), returning each deployment's step times in ms. */
    private static List<Map<String, Long>> deployExample(TestServer server, Path repoDir, int rounds) throws IOException {
        TestRepo repo = TestRepo.create(repoDir);
        String project = "example";
        List<Map<String, Long>> all = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            Map<String, String> files = example();
            files.put("www/index.html", files.getOrDefault("www/index.html", "") + "\n<!-- round " + i + " -->\n");
            repo.commit("round " + i, files);
            if (i == 0) server.createProject(project, repo.url());
            JsonNode view = server.deployAndAwait(project, "test", null);
            String status = view.get("deployment").get("status").asText();
            if (!status.equals("SUCCEEDED")) throw new IllegalStateException("example deployment " + status + ": " + server.log(view.get("deployment").get("id").asLong()));
            Map<String, Long> times = new LinkedHashMap<>();
            long total = 0;
            for (JsonNode s : view.get("steps")) {
                long ms = Duration.between(Instant.parse(s.get("started_at").asText()), Instant.parse(s.get("finished_at").asText())).toMillis();
                times.put(s.get("name").asText(), ms);
                total += ms;
            }
            times.put("total", total);
            all.add(times);
        }
        return all;
    }

    private static Map<String, String> example() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(EXAMPLE)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(EXAMPLE.relativize(p).toString(), Files.readString(p));
            }
        }
        return files;
    }

    /** Median step times per engine, and the ratio swarm / one engine. */
    private static String stepTable(Map<String, List<Map<String, Long>>> byEngine, int rounds) {
        List<String> engines = new ArrayList<>(byEngine.keySet());
        List<String> stepNames = new ArrayList<>(byEngine.get(engines.getFirst()).getFirst().keySet());
        StringBuilder t = new StringBuilder("Step times of the bundled example (`examples/hello`: web, migration, worker), median of " + rounds + " deployments, ms:\n\n");
        t.append("| step | ").append(String.join(" | ", engines)).append(" | swarm / one engine |\n|---|");
        engines.forEach(e -> t.append("---|"));
        t.append("---|\n");
        for (String step : stepNames) {
            List<Long> medians = engines.stream().map(e -> median(byEngine.get(e).stream().map(m -> m.getOrDefault(step, 0L)).toList())).toList();
            t.append("| ").append(step).append(" | ");
            medians.forEach(m -> t.append(m).append(" | "));
            t.append(medians.get(0) == 0 ? "-" : String.format("%.1f", (double) medians.get(1) / medians.get(0))).append(" |\n");
        }
        return t.append('\n').toString();
    }

    private static String underLoad(TestServer server, SwarmCluster cluster, Path repoDir, int deploys, int conns) throws Exception {
        TestRepo repo = TestRepo.create(repoDir);
        String project = "loaded";
        repo.commit("v0", version(0, "/"));
        server.createProject(project, repo.url());
        JsonNode first = server.deployAndAwait(project, "test", null);
        if (!first.get("deployment").get("status").asText().equals("SUCCEEDED")) throw new IllegalStateException("first deployment failed");
        Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + conns, "-d3600s", "--timeout", "10s", "-H", "Host: test." + project + ".localhost",
                "http://127.0.0.1:" + server.routerPort() + "/").redirectErrorStream(true).redirectOutput(repoDir.resolveSibling("wrk.log").toFile()).start();
        StringBuilder rows = new StringBuilder("| # | kind | outcome | failed step | seconds |\n|---|---|---|---|---|\n");
        String powerOff = "";
        try {
            Thread.sleep(3000);
            for (int i = 1; i <= deploys; i++) {
                boolean bad = i % 3 == 0;
                repo.commit("v" + i, version(i, bad ? "/missing" : "/"));
                long started = System.nanoTime();
                JsonNode view = server.deployAndAwait(project, "test", null);
                JsonNode d = view.get("deployment");
                rows.append("| ").append(i).append(" | ").append(bad ? "health fails" : "ok").append(" | ").append(d.get("status").asText().toLowerCase())
                        .append(" | ").append(d.path("failed_step").asText("")).append(" | ").append(seconds(Duration.ofNanos(System.nanoTime() - started))).append(" |\n");
                if (i == deploys / 2) {
                    String worker = cluster.workerIds().iterator().next();
                    Instant off = Instant.now();
                    cluster.powerOff(worker);
                    // Wait until the environment is healthy again (the supervisor moved what ran there), then go on deploying.
                    while (!condition(server, project).equals("healthy") || Duration.between(off, Instant.now()).toSeconds() < 20) {
                        if (Duration.between(off, Instant.now()).toSeconds() > 120) throw new IllegalStateException("not healthy 120 s after the power-off");
                        Thread.sleep(500);
                    }
                    powerOff = "- after deployment " + i + " a worker was powered off (its container removed); healthy again and deploying after "
                            + seconds(Duration.between(off, Instant.now())) + " s\n";
                }
            }
            Thread.sleep(3000);
        } finally {
            // wrk prints its summary on SIGINT only.
            new ProcessBuilder("kill", "-INT", Long.toString(wrk.pid())).start().waitFor();
            wrk.waitFor(10, TimeUnit.SECONDS);
            wrk.destroyForcibly();
        }
        String out = Files.readString(repoDir.resolveSibling("wrk.log"));
        return "wrk -t2 -c" + conns + " through the swarm server's router during " + deploys + " deployments (every third with a health check that fails), web.replicas 2:\n\n"
                + "| requests | non-2xx | socket errors connect / read / write / timeout |\n|---|---|---|\n| "
                + find(out, "(\\d+) requests in") + " | " + find(out, "Non-2xx or 3xx responses:\\s+(\\d+)", "0") + " | "
                + find(out, "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)", "0 / 0 / 0 / 0") + " |\n\n"
                + powerOff + "\n" + rows;
    }

    private static String condition(TestServer server, String project) {
        for (JsonNode e : server.call("GET", "/api/v1/projects/" + project, null).json().get("environments")) {
            if (e.get("name").asText().equals("test")) return e.get("condition").get("state").asText();
        }
        return "";
    }

    private static Map<String, String> version(int n, String healthPath) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Dockerfile", "FROM busybox:1.36\nCOPY www /www\nCMD [\"sh\", \"-c\", \"exec httpd -f -p \\\"$PORT\\\" -h /www\"]\n");
        files.put("www/index.html", "version " + n + "\n");
        files.put("slipway.yaml", """
                web:
                  port: 8080
                  replicas: 2
                  health:
                    path: %s
                    timeout: 8s
                    interval: 250ms
                    successes: 2
                  drain_timeout: 10s
                """.formatted(healthPath));
        return files;
    }

    private static String find(String text, String regex) {
        return find(text, regex, "?");
    }

    private static String find(String text, String regex, String otherwise) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) return otherwise;
        List<String> groups = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) groups.add(m.group(g));
        return String.join(" / ", groups);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String seconds(Duration d) {
        return String.format("%.1f", d.toMillis() / 1000.0);
    }
}
