package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.SwarmNode;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskState;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.cli.CliProcess;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.swarm.SwarmCluster;
import dev.slipway.engine.swarm.SwarmContainerEngine;
import dev.slipway.server.EngineChoice;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.Apps;
import dev.slipway.testing.RouterLoad;
import dev.slipway.testing.ServerProcess;
import dev.slipway.testing.SharedPostgres;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment contract on a real three-node swarm ({@code slipway server --engine swarm}): the host's
 * engine as manager, two Docker-in-Docker workers, images through Debian's registry. Two web replicas
 * answer through the router while deployments, good and failing, run, and while a worker goes away.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SwarmDeploymentTest {
    static final String PROJECT = "swarmed";
    static final String V1 = "version 1\n";
    static final String V2 = "version 2\n";

    @TempDir static Path tmp;
    static SwarmCluster cluster;
    static TestServer server;
    static TestRepo repo;
    static ContainerEngine engine;
    /** Instances of servers run in their own process: their images and networks go after the cluster. */
    static final List<String> otherInstances = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeAll
    static void startClusterAndServer() throws Exception {
        // Before the swarm exists (the cluster refuses to start on an engine that is in one): a server asked
        // for --engine swarm on an engine that is no manager says so, and writes nothing.
        Path refusedData = tmp.resolve("refused");
        CliProcess.Run refused = new CliProcess(tmp, Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString())).run("server", "--engine", "swarm", "--registry", "127.0.0.1:5000",
                "--data", refusedData.toString(), "--port", "0", "--router-port", "0");
        assertThat(refused.exit()).as(refused.all()).isNotZero();
        assertThat(refused.err()).contains("not a Swarm manager (swarm state inactive)").contains("docker swarm init");
        assertThat(refused.all()).doesNotContain("\tat ");
        assertThat(refusedData).doesNotExist();

        cluster = SwarmCluster.start();
        SharedPostgres.admin();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0)
                .withServices(SharedPostgres.ADMIN_URL, null)
                .withEngine(EngineChoice.of("swarm", cluster.registry())));
        engine = SwarmContainerEngine.connect(cluster.manager(), DockerTestSupport.engine(), cluster.registry());
        repo = TestRepo.create(tmp.resolve("repo"));
        server.createProject(PROJECT, repo.url());
    }

    @AfterAll
    static void stop() {
        // The cluster removes every service first; the images and networks of the server go after it.
        try {
            if (server != null) server.close();
        } finally {
            if (cluster != null) cluster.close();
            if (server != null) DockerTestSupport.removeEverythingOf(server.instanceId());
            otherInstances.forEach(DockerTestSupport::removeEverythingOf);
        }
    }

    @Test
    @Order(1)
    void theExampleDeploysOnTheSwarmWithItsWebReplicasOnTwoNodes() {
        repo.commit("v1", files("1", "/", true));
        JsonNode view = server.deployAndAwait(PROJECT, "test", null);
        JsonNode d = view.get("deployment");
        assertThat(d.get("status").asText()).as(server.log(d.get("id").asLong())).isEqualTo("SUCCEEDED");
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(V1);
        assertThat(server.log(d.get("id").asLong())).contains("migration ran for test");
        Map<String, String> nodes = webTaskNodes();
        assertThat(nodes).hasSize(2);
        assertThat(new TreeSet<>(nodes.values())).as("nodes of the two web replicas").hasSize(2);
        // The project's resources are each task container's limits, on whichever node it runs.
        for (Map.Entry<String, String> task : nodes.entrySet()) {
            DockerClient node = cluster.engineOf(task.getValue());
            var container = node.listContainersCmd().withLabelFilter(Map.of("com.docker.swarm.service.name", task.getKey())).exec().getFirst();
            var host = node.inspectContainerCmd(container.getId()).exec().getHostConfig();
            assertThat(host.getMemory()).as("memory of " + task.getKey()).isEqualTo(96L * 1024 * 1024);
            assertThat(host.getNanoCPUs()).as("CPUs of " + task.getKey()).isEqualTo(500_000_000L);
            assertThat(host.getPidsLimit()).as("pids of " + task.getKey()).isEqualTo(200L);
        }
        StringBuilder steps = new StringBuilder();
        for (JsonNode s : view.get("steps")) steps.append(s.get("name").asText()).append(' ')
                .append(Aftermath.stepTime(view, s.get("name").asText()).toMillis()).append(" ms, ");
        System.out.println("SWARM first deployment: " + steps + "web tasks on " + nodes.values());
    }

    @Test
    @Order(2)
    void aGoodAndAFailingDeploymentUnderLoadLoseNoRequest() throws Exception {
        repo.commit("v2", files("2", "/", false));
        Aftermath.UnderLoad good = Aftermath.deployUnderLoad(server, engine, PROJECT, "swarm: v2 deployed", Set.of(V1, V2),
                () -> server.deploy(PROJECT, "test", null));
        assertThat(good.succeeded()).as(good.view().toString()).isTrue();
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(V2);

        repo.commit("v3 with a health path that is not there", files("3", "/not-there", false));
        Aftermath.UnderLoad bad = Aftermath.deployUnderLoad(server, engine, PROJECT, "swarm: v3 fails its health check", Set.of(V2),
                () -> server.deploy(PROJECT, "test", null));
        assertThat(bad.succeeded()).isFalse();
        assertThat(bad.view().get("deployment").get("failed_step").asText()).isEqualTo("health");
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(V2);
        // Back to a good tip for what follows.
        repo.commit("v2 again", files("2", "/", false));
    }

    @Test
    @Order(3)
    void aWorkerThatGoesAwayLosesNoRequestThatHadNotBegunItsAnswerAndItsReplicaComesBackOnAnotherNode() throws Exception {
        Map<String, String> before = webTaskNodes();
        String gone = before.values().stream().filter(cluster.workerIds()::contains).findFirst()
                .orElseThrow(() -> new AssertionError("no web replica on a worker: " + before));
        String goneAddress = nodeAddress(gone);
        RouterLoad load = RouterLoad.start(server, PROJECT, "test", Set.of(V2), 2, Duration.ofSeconds(120));
        TestServer.sleep(500);
        Instant off = Instant.now();
        cluster.powerOff(gone);

        await().atMost(60, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> !routes().contains(goneAddress + ":"));
        Duration unrouted = Duration.between(off, Instant.now());
        await().atMost(90, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(500)).until(() -> {
            Map<String, String> now = webTaskNodes();
            return now.size() == 2 && !now.containsValue(gone) && condition().equals("healthy") && upstreamCount() == 2;
        });
        Duration back = Duration.between(off, Instant.now());
        TestServer.sleep(1000);
        RouterLoad.Result result = load.stop();
        System.out.printf("SWARM worker powered off | %s | out of the route after %.1f s, two replicas serving again after %.1f s%n",
                result, unrouted.toMillis() / 1000.0, back.toMillis() / 1000.0);
        // A request not yet answering when the machine died is sent to the other replica (a refused or reset
        // connection). One whose answer had begun (its head already passed to the client) cannot be: its
        // connection is cut, as any proxy must. Each client has at most one request in flight, so at most
        // two, and never an error page from the router.
        assertThat(result.failed()).as(result.toString()).isLessThanOrEqualTo(2);
        assertThat(result.lost()).as("requests cut mid-answer, no error answers").allMatch(lost -> lost.startsWith("-1 "));
        assertThat(result.sent()).isGreaterThan(50);
        assertThat(server.request(PROJECT, "test", "/").body()).isEqualTo(V2);
    }

    @Test
    @Order(4)
    void aServerKilledMidMigrationComesBackWithTheSwarmAsItWas(@TempDir Path crashTmp) throws Exception {
        TestRepo crashRepo = TestRepo.create(crashTmp.resolve("repo"));
        String v1 = crashRepo.commit("v1", Apps.webOnly("1"));
        try (ServerProcess crashing = ServerProcess.start(crashTmp, crashTmp.resolve("data"),
                List.of("--engine", "swarm", "--registry", cluster.registry()))) {
            otherInstances.add(crashing.instanceId());
            crashing.call("POST", "/api/v1/projects", Map.of("name", "crash", "repo", crashRepo.url()));
            long first = crashing.deploy("crash", "test");
            assertThat(crashing.awaitStatus(first)).isEqualTo("SUCCEEDED");
            crashRepo.commit("v2", Apps.with(Apps.version("2"), "slipway.yaml",
                    Apps.CONFIG.replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "echo slow migration; sleep 60")));
            long second = crashing.deploy("crash", "test");
            crashing.awaitLog(second, "slow migration");
            assertThat(engine.list(Map.of(Labels.INSTANCE, crashing.instanceId(), Labels.DEPLOYMENT, Long.toString(second))))
                    .as("the half-made release's services, before the crash").isNotEmpty();
            crashing.kill();

            Instant restarted = Instant.now();
            crashing.startAgain();
            System.out.printf("SWARM server killed -9 mid-migration: back and recovered in %.1f s%n",
                    Duration.between(restarted, Instant.now()).toMillis() / 1000.0);
            CrashRecoveryTest.assertRecovered(crashing, engine, "crash", first, second, v1, "migrate");
            crashRepo.commit("v3", Apps.webOnly("3"));
            assertThat(crashing.awaitStatus(crashing.deploy("crash", "test"))).isEqualTo("SUCCEEDED");
            assertThat(dev.slipway.testing.Http.get(crashing.routerPort(), "test.crash.localhost", "/").body()).isEqualTo("version 3\n");
        }
    }

    @Test
    @Order(5)
    void theProjectsPostgresqlIsReachedFromTasksOnEveryNode() throws Exception {
        String project = "withdb";
        TestRepo dbRepo = TestRepo.create(tmp.resolve("repo-db"));
        server.createProject(project, dbRepo.url());
        // The database Slipway provisioned, reached over TCP from wherever Swarm runs the task (busybox has no psql).
        String reach = "hp=${DATABASE_URL#*@}; hp=${hp%%/*}; nc -w 3 ${hp%:*} ${hp#*:} </dev/null && echo \"reached ${hp%:*}:${hp#*:} from $(hostname)\"";
        Map<String, String> files = Apps.with(Apps.webOnly("1"), "slipway.yaml", ("services: [postgres]\n" + Apps.CONFIG
                .replace("web:\n  port: 8080\n", "web:\n  port: 8080\n  replicas: 2\n")
                .replace("echo \"migration ran for $SLIPWAY_ENVIRONMENT\"", "'" + reach + "'"))
                .replace("processes:\n  worker:\n    command: echo \"worker up\"; while true; do sleep 1; done\n", ""));
        files = Apps.with(files, "Dockerfile", Apps.DOCKERFILE.replace("COPY www /www\n", "COPY www /www\nRUN chmod 755 /www/cgi-bin/db\n"));
        files = Apps.with(files, "www/cgi-bin/db", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\n" + reach + " || echo unreachable\n");
        dbRepo.commit("v1 with postgres", files);
        JsonNode d = server.deployAndAwait(project, "test", null).get("deployment");
        String log = server.log(d.get("id").asLong());
        assertThat(d.get("status").asText()).as(log).isEqualTo("SUCCEEDED");
        assertThat(log).as("the migration's one-off task reached the database").contains("reached host.docker.internal:5432 from ");
        Set<String> answers = new TreeSet<>();
        for (int i = 0; i < 20 && answers.size() < 2; i++) answers.add(server.request(project, "test", "/cgi-bin/db").body());
        assertThat(answers).as("both web replicas, on their nodes").hasSize(2).allMatch(a -> a.startsWith("reached host.docker.internal:5432 from "));
    }

    /** The test app with two web replicas; {@code withMigrationAndWorker} false: the web alone, for deployments that are about the switch. */
    private static Map<String, String> files(String version, String healthPath, boolean withMigrationAndWorker) {
        String config = (withMigrationAndWorker ? Apps.CONFIG : Apps.WEB_ONLY_CONFIG).replace("web:\n  port: 8080\n", "web:\n  port: 8080\n  replicas: 2\n")
                .replace("    path: /\n", "    path: " + healthPath + "\n")
                .replace("timeout: 15s", withMigrationAndWorker ? "timeout: 10s" : "timeout: 5s")
                + "resources:\n  memory: 96m\n  cpus: 0.5\n  pids: 200\n";
        return Apps.with(Apps.version(version), "slipway.yaml", config);
    }

    /** Web service of the environment's current release → the node its running task is on. */
    private static Map<String, String> webTaskNodes() {
        DockerClient manager = cluster.manager();
        JsonNode release = environment().get("current_release");
        Map<String, String> nodes = new HashMap<>();
        List<Service> services = manager.listServicesCmd().withLabelFilter(Map.of(Labels.PROJECT, PROJECT, Labels.ENVIRONMENT, "test",
                Labels.ROLE, Labels.ROLE_WEB, Labels.DEPLOYMENT, release.get("deployment_id").asText())).exec();
        for (Service service : services) {
            for (Task task : manager.listTasksCmd().withServiceFilter(service.getId()).exec()) {
                // A task whose node went away keeps its last state, running, with desired state shutdown.
                if (task.getStatus().getState() == TaskState.RUNNING && task.getDesiredState() == TaskState.RUNNING && task.getNodeId() != null) {
                    nodes.put(service.getSpec().getName(), task.getNodeId());
                }
            }
        }
        return nodes;
    }

    private static String nodeAddress(String nodeId) {
        SwarmNode node = cluster.manager().listSwarmNodesCmd().withIdFilter(List.of(nodeId)).exec().getFirst();
        return node.getStatus().getAddress();
    }

    private static String routes() {
        return server.call("GET", "/api/v1/routes", null).body();
    }

    private static int upstreamCount() {
        for (JsonNode route : server.call("GET", "/api/v1/routes", null).json().path("routes").path("environments")) {
            if (route.path("project").asText().equals(PROJECT) && route.path("environment").asText().equals("test")) return route.path("upstreams").size();
        }
        return -1;
    }

    private static JsonNode environment() {
        for (JsonNode e : server.call("GET", "/api/v1/projects/" + PROJECT, null).json().get("environments")) {
            if (e.get("name").asText().equals("test")) return e;
        }
        throw new AssertionError("no environment test");
    }

    private static String condition() {
        return environment().get("condition").get("state").asText();
    }
}
