package dev.slipway.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link ContainerEngine} must do, whatever runs the containers. Containers run the
 * busybox:1.36 image; everything a test creates carries its labels and is removed after it.
 */
public abstract class ContainerEngineContract {
    protected static final String BASE = DockerTestSupport.BUSYBOX;
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(20);

    // One id per test method instance, so names and labels never collide between tests or runs.
    private final String testId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> images = new ArrayList<>();
    private final List<String> networks = new ArrayList<>();

    @TempDir
    Path tempDir;

    protected abstract ContainerEngine engine();

    protected abstract void removeNetwork(String name);

    @AfterEach
    void removeWhatTheTestCreated() {
        for (ContainerState container : engine().list(labels())) engine().remove(container.id());
        Collections.reverse(images);
        images.forEach(engine()::removeImage);
        networks.forEach(this::removeNetwork);
    }

    protected Map<String, String> labels() {
        Map<String, String> labels = new HashMap<>(DockerTestSupport.TEST_LABELS);
        labels.put("slipway.test.id", testId);
        return labels;
    }

    protected ContainerSpec spec(String name, String script) {
        return ContainerSpec.of("slipway-test-" + testId + "-" + name, BASE)
                .withLabels(labels())
                .withCommand(List.of("/bin/sh", "-c", script));
    }

    private String tag(String name) {
        String tag = "slipway-test/" + name + ":" + testId;
        images.add(tag);
        return tag;
    }

    private BuildRequest buildRequest(Map<String, String> files, String tag, boolean noCache) throws Exception {
        Path context = Files.createTempDirectory(tempDir, "context");
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = context.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue());
        }
        return new BuildRequest(context, "Dockerfile", tag, noCache, false, labels());
    }

    // ---- build ----

    @Test
    void buildStreamsItsOutputAndReturnsTheImageId() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        String tag = tag("hello");
        BuildRequest request = buildRequest(Map.of(
                "Dockerfile", "FROM " + BASE + "\nCOPY hello.txt /hello.txt\nRUN echo build-marker\nCMD [\"cat\", \"/hello.txt\"]\n",
                "hello.txt", "hello from the context\n"), tag, true);

        String id = engine().build(request, log::add);

        assertThat(id).startsWith("sha256:");
        assertThat(log).contains("build-marker").noneMatch(line -> line.isEmpty() || line.endsWith("\n"));
        assertThat(engine().imageExists(tag)).isTrue();
        assertThat(engine().imageExists(id)).isTrue();
        RunResult result = engine().run(ContainerSpec.of(null, tag).withLabels(labels()), RUN_TIMEOUT, LogSink.NONE);
        assertThat(result.lastLines()).containsExactly("hello from the context");
    }

    @Test
    void buildWithTheLayerCacheReusesLayersAndNoCacheMakesAFreshImage() throws Exception {
        Map<String, String> files = Map.of("Dockerfile", "FROM " + BASE + "\nRUN echo layer-" + testId + " > /layer\n");
        String tag = tag("cache");

        String first = engine().build(buildRequest(files, tag, false), LogSink.NONE);
        String cached = engine().build(buildRequest(files, tag, false), LogSink.NONE);
        List<String> freshLog = new CopyOnWriteArrayList<>();
        String fresh = engine().build(buildRequest(files, tag, true), freshLog::add);

        assertThat(cached).isEqualTo(first);
        assertThat(fresh).isNotEqualTo(first);
        images.add(first); // the tag moved to the fresh image; the first one is left untagged
        assertThat(freshLog).isNotEmpty();
    }

    @Test
    void buildErrorNamesTheFailingInstructionAndItsLastOutputLines() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        BuildRequest request = buildRequest(Map.of("Dockerfile",
                "FROM " + BASE + "\nRUN echo fine\nRUN echo first-line && echo second-line >&2 && exit 3\nCMD [\"true\"]\n"),
                tag("broken"), true);

        assertThatThrownBy(() -> engine().build(request, log::add))
                .isInstanceOfSatisfying(BuildFailedException.class, e -> {
                    assertThat(e.instruction()).isEqualTo("RUN echo first-line && echo second-line >&2 && exit 3");
                    assertThat(e.lastLines()).contains("first-line", "second-line").doesNotContain("fine").hasSizeLessThanOrEqualTo(10);
                    // stdout and stderr may arrive in either order
                    assertThat(e.getMessage()).contains("3").containsPattern("(first|second)-line$");
                });
        assertThat(log).contains("first-line", "second-line");
    }

    @Test
    void dockerfileInASubdirectoryBuildsWithTheWholeContext() throws Exception {
        String tag = tag("subdir");
        BuildRequest request = buildRequest(Map.of(
                "docker/web.Dockerfile", "FROM " + BASE + "\nCOPY app.txt /app.txt\nCMD [\"cat\", \"/app.txt\"]\n",
                "app.txt", "from the root of the context\n"), tag, false);
        request = new BuildRequest(request.context(), "docker/web.Dockerfile", tag, false, false, labels());

        engine().build(request, LogSink.NONE);

        RunResult result = engine().run(ContainerSpec.of(null, tag).withLabels(labels()), RUN_TIMEOUT, LogSink.NONE);
        assertThat(result.lastLines()).containsExactly("from the root of the context");
    }

    @Test
    void unparsableDockerfileFailsTheBuildWithTheReason() throws Exception {
        BuildRequest request = buildRequest(Map.of("Dockerfile", "FROM " + BASE + "\nFROBNICATE everything\n"), tag("unparsable"), true);

        assertThatThrownBy(() -> engine().build(request, LogSink.NONE))
                .isInstanceOf(BuildFailedException.class)
                .satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("frobnicate"));
    }

    @Test
    void missingDockerfileIsAClearMessageNamingTheFile() throws Exception {
        BuildRequest request = buildRequest(Map.of("README", "no Dockerfile here\n"), tag("missing"), true);
        BuildRequest custom = new BuildRequest(request.context(), "docker/web.Dockerfile", request.tag(), true, false, labels());

        assertThatThrownBy(() -> engine().build(request, LogSink.NONE))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("Dockerfile not found: Dockerfile");
        assertThatThrownBy(() -> engine().build(custom, LogSink.NONE))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("Dockerfile not found: docker/web.Dockerfile");
    }

    // ---- containers ----

    @Test
    void webContainerAnswersWhereTheEngineSaysItIsReached() {
        ContainerSpec web = spec("web", "mkdir -p /www && echo hello-web > /www/index.html && exec httpd -f -p 8080 -h /www")
                .withPublishPort(8080);

        String id = engine().create(web);
        engine().start(id);
        ContainerState state = engine().inspect(id);

        assertThat(state.running()).isTrue();
        assertThat(state.exitCode()).isNull();
        assertThat(state.web()).isNotNull();
        assertAnswers(state.web(), "hello-web\n");
    }

    protected static void assertAnswers(WebAddress address, String body) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://" + address + "/"))
                .timeout(Duration.ofSeconds(2)).build();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions().untilAsserted(() -> {
            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo(body);
        });
    }

    @Test
    void crashedContainerShowsItsExitCodeAndLogs() {
        String id = engine().create(spec("crash", "echo about-to-crash; echo on-stderr >&2; exit 7"));
        engine().start(id);

        await().atMost(Duration.ofSeconds(10)).until(() -> !engine().inspect(id).running());
        ContainerState state = engine().inspect(id);

        assertThat(state.exitCode()).isEqualTo(7);
        assertThat(state.oomKilled()).isFalse();
        assertThat(state.describe()).isEqualTo("exited with code 7");
        assertThat(engine().logs(id, 10)).containsExactlyInAnyOrder("about-to-crash", "on-stderr");
        assertThat(engine().logs(id, 1)).hasSize(1);
    }

    @Test
    void envLabelsAndNameAreApplied() {
        Map<String, String> labels = new HashMap<>(labels());
        labels.put("slipway.role", "web");
        ContainerSpec spec = spec("env", "echo \"$GREETING $SLIPWAY_PROJECT\"")
                .withEnv(Map.of("GREETING", "hello world", "SLIPWAY_PROJECT", "shop"))
                .withLabels(labels);

        String id = engine().create(spec);
        ContainerState created = engine().inspect(id);
        engine().start(id);
        await().atMost(Duration.ofSeconds(10)).until(() -> !engine().inspect(id).running());

        assertThat(created.id()).isEqualTo(id);
        assertThat(created.name()).isEqualTo(spec.name());
        assertThat(created.image()).isEqualTo(BASE);
        assertThat(created.running()).isFalse();
        assertThat(created.labels()).containsAllEntriesOf(labels);
        assertThat(engine().logs(id, 10)).containsExactly("hello world shop");
    }

    @Test
    void commandNullKeepsTheImageCommand() {
        String tag = tag("cmd");
        images.add(DockerTestSupport.buildImage(tag, Map.of("Dockerfile", "FROM " + BASE + "\nCMD [\"echo\", \"image-cmd\"]\n")));

        RunResult result = engine().run(ContainerSpec.of(null, tag).withLabels(labels()), RUN_TIMEOUT, LogSink.NONE);

        assertThat(result.exitCode()).isZero();
        assertThat(result.lastLines()).containsExactly("image-cmd");
    }

    @Test
    void extraHostHostDockerInternalResolvesInside() {
        ContainerSpec spec = spec("hosts", "cat /etc/hosts").withExtraHosts(List.of("host.docker.internal:host-gateway"));

        RunResult result = engine().run(spec, RUN_TIMEOUT, LogSink.NONE);

        assertThat(result.exitCode()).isZero();
        assertThat(result.lastLines()).anyMatch(line -> line.matches("\\d+\\.\\d+\\.\\d+\\.\\d+\\s+host\\.docker\\.internal"));
    }

    @Test
    void mountsShowHostFilesInside() throws Exception {
        Path media = Files.createDirectories(tempDir.resolve("media"));
        Files.writeString(media.resolve("upload.txt"), "uploaded\n");

        RunResult result = engine().run(spec("mount", "cat /data/media/upload.txt")
                .withMounts(Map.of(media.toString(), "/data/media")), RUN_TIMEOUT, LogSink.NONE);

        assertThat(result.lastLines()).containsExactly("uploaded");
    }

    @Test
    void stopAndRemoveAreIdempotent() {
        String id = engine().create(spec("idem", "exec sleep 60"));
        engine().start(id);
        engine().start(id);

        engine().stop(id, Duration.ofSeconds(1));
        engine().stop(id, Duration.ofSeconds(1));
        assertThat(engine().inspect(id).running()).isFalse();
        engine().remove(id);
        engine().remove(id);
        engine().stop(id, Duration.ofSeconds(1));

        assertThatThrownBy(() -> engine().inspect(id)).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void removeForcesARunningContainer() {
        String id = engine().create(spec("force", "exec sleep 60"));
        engine().start(id);

        engine().remove(id);

        assertThatThrownBy(() -> engine().inspect(id)).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void removeOfAMissingContainerIsFine() {
        engine().remove("slipway-test-" + testId + "-never-existed");
    }

    @Test
    void inspectOfAMissingContainerThrowsNoSuchContainer() {
        String missing = "slipway-test-" + testId + "-never-existed";

        assertThatThrownBy(() -> engine().inspect(missing))
                .isInstanceOf(NoSuchContainerException.class)
                .hasMessageContaining(missing);
        assertThatThrownBy(() -> engine().logs(missing, 5)).isInstanceOf(NoSuchContainerException.class);
        assertThatThrownBy(() -> engine().start(missing)).isInstanceOf(NoSuchContainerException.class);
    }

    @Test
    void createFromAMissingImageSaysWhichImage() {
        ContainerSpec spec = ContainerSpec.of("slipway-test-" + testId + "-noimage", "slipway-test/absent:" + testId)
                .withLabels(labels());

        assertThatThrownBy(() -> engine().create(spec))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("slipway-test/absent:" + testId);
    }

    @Test
    void listFindsRunningAndStoppedContainersCarryingEveryLabel() {
        Map<String, String> web = new HashMap<>(labels());
        web.put("slipway.role", "web");
        Map<String, String> worker = new HashMap<>(labels());
        worker.put("slipway.role", "worker");
        String webId = engine().create(spec("list-web", "exec sleep 60").withLabels(web));
        String workerId = engine().create(spec("list-worker", "exit 0").withLabels(worker));
        engine().start(webId);

        assertThat(engine().list(web)).extracting(ContainerState::id).containsExactly(webId);
        assertThat(engine().list(labels())).extracting(ContainerState::id).containsExactlyInAnyOrder(webId, workerId);
        assertThat(engine().list(web).getFirst().running()).isTrue();
        Map<String, String> nobody = new HashMap<>(labels());
        nobody.put("slipway.role", "nobody");
        assertThat(engine().list(nobody)).isEmpty();
    }

    // ---- one-off runs ----

    @Test
    void runReturnsTheExitCodeAndStreamsTheOutput() {
        List<String> log = new CopyOnWriteArrayList<>();

        RunResult result = engine().run(spec("run", "echo one; echo two >&2; exit 4"), RUN_TIMEOUT, log::add);

        assertThat(result.exitCode()).isEqualTo(4);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.lastLines()).containsExactlyInAnyOrder("one", "two");
        assertThat(log).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void runKeepsTheLastTwentyLinesAndStreamsThemAll() {
        List<String> log = new CopyOnWriteArrayList<>();

        RunResult result = engine().run(spec("many", "seq 1 50"), RUN_TIMEOUT, log::add);

        assertThat(result.exitCode()).isZero();
        assertThat(log).hasSize(50).startsWith("1").endsWith("50");
        assertThat(result.lastLines()).hasSize(20).startsWith("31").endsWith("50");
    }

    @Test
    void aQuickProcessesOnlyOutputWithoutANewlineIsNeverLost() {
        // A process that exits at once can end the log follow before its last write is read.
        for (int i = 0; i < 15; i++) {
            List<String> log = new CopyOnWriteArrayList<>();

            RunResult result = engine().run(spec("quick" + i, "printf png"), RUN_TIMEOUT, log::add);

            assertThat(result.lastLines()).as("run %d", i).containsExactly("png");
            assertThat(log).as("run %d", i).containsExactly("png");
        }
    }

    @Test
    void runStreamsLinesWhileTheContainerRuns() {
        List<String> log = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        List<Long> arrivals = new CopyOnWriteArrayList<>();

        engine().run(spec("slow", "echo early; sleep 2; echo late"), RUN_TIMEOUT, line -> {
            log.add(line);
            arrivals.add(System.nanoTime() - start);
        });

        assertThat(log).containsExactly("early", "late");
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThan(Duration.ofSeconds(1));
    }

    @Test
    void runTimeoutKillsTheContainerAndReportsTimedOut() {
        long start = System.nanoTime();

        RunResult result = engine().run(spec("timeout", "echo started; exec sleep 60"), Duration.ofSeconds(1), LogSink.NONE);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.lastLines()).containsExactly("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(engine().list(labels())).isEmpty();
    }

    @Test
    void runAlwaysRemovesItsContainer() {
        ContainerSpec ok = spec("removed-ok", "exit 0");
        ContainerSpec failing = spec("removed-failing", "exit 9");
        ContainerSpec cannotStart = spec("removed-nostart", "unused").withCommand(List.of("/no/such/binary"));

        engine().run(ok, RUN_TIMEOUT, LogSink.NONE);
        engine().run(failing, RUN_TIMEOUT, LogSink.NONE);
        // Containers run under an init process, which starts and then reports the failed exec (exit
        // 127); an engine without one refuses at start. Either way the user is told which binary.
        try {
            RunResult result = engine().run(cannotStart, RUN_TIMEOUT, LogSink.NONE);
            assertThat(result.exitCode()).isEqualTo(127);
            assertThat(String.join("\n", result.lastLines())).contains("/no/such/binary");
        } catch (EngineException e) {
            assertThat(e).hasMessageContaining("/no/such/binary");
        }

        assertThat(engine().list(labels())).isEmpty();
        for (ContainerSpec spec : List.of(ok, failing, cannotStart)) {
            assertThatThrownBy(() -> engine().inspect(spec.name())).isInstanceOf(NoSuchContainerException.class);
        }
    }

    // ---- images and networks ----

    @Test
    void removeImageLeavesImagesInUseAndReportsMissingOnes() {
        String tag = tag("inuse");
        DockerTestSupport.buildImage(tag, Map.of("Dockerfile", "FROM " + BASE + "\nLABEL purpose=in-use-" + testId + "\n"));
        String id = engine().create(ContainerSpec.of("slipway-test-" + testId + "-user", tag).withLabels(labels()));

        assertThat(engine().removeImage(tag)).isFalse();
        assertThat(engine().imageExists(tag)).isTrue();
        engine().remove(id);
        assertThat(engine().removeImage(tag)).isTrue();
        assertThat(engine().imageExists(tag)).isFalse();
        assertThat(engine().removeImage(tag)).isFalse();
    }

    @Test
    void imageIdResolvesATagAndAnIdAndAMissingImageIsNamed() {
        String tag = tag("id");
        String built = DockerTestSupport.buildImage(tag, Map.of("Dockerfile", "FROM " + BASE + "\nLABEL purpose=id-" + testId + "\n"));

        assertThat(engine().imageId(tag)).isEqualTo(built);
        assertThat(engine().imageId(built)).isEqualTo(built);
        assertThatThrownBy(() -> engine().imageId("slipway-test/absent:" + testId))
                .isInstanceOf(NoSuchImageException.class)
                .hasMessageContaining("slipway-test/absent:" + testId);
        assertThatThrownBy(() -> engine().saveImages(List.of(tag, "slipway-test/absent:" + testId)))
                .isInstanceOf(NoSuchImageException.class);
    }

    @Test
    void saveImagesStreamsOneArchiveInWhichTwoBuildsOfOneBaseShareItsLayer() throws Exception {
        Map<String, String> ids = new HashMap<>();
        for (String name : List.of("save-a", "save-b")) {
            ids.put(name, engine().build(buildRequest(Map.of(
                    "Dockerfile", "FROM " + BASE + "\nCOPY saved.txt /saved.txt\n",
                    "saved.txt", name + "-" + testId + "\n"), tag(name), true), LogSink.NONE));
        }

        Map<String, Integer> entries = new HashMap<>();
        JsonNode manifest = null;
        List<String> contents = new ArrayList<>();
        try (InputStream saved = engine().saveImages(List.of(tag("save-a"), ids.get("save-b")));
             TarArchiveInputStream tar = new TarArchiveInputStream(saved)) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                entries.merge(entry.getName(), 1, Integer::sum);
                if (entry.getName().equals("manifest.json")) manifest = new ObjectMapper().readTree(tar.readAllBytes());
                else if (entry.isFile() && entry.getSize() < 64 * 1024) contents.add(new String(tar.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
        }

        assertThat(manifest).isNotNull().hasSize(2);
        Map<String, List<String>> layers = new HashMap<>();
        for (JsonNode image : manifest) {
            String config = image.get("Config").asText();
            String name = ids.entrySet().stream().filter(e -> config.contains(e.getValue().substring(7))).findFirst().orElseThrow().getKey();
            List<String> names = new ArrayList<>();
            image.get("Layers").forEach(l -> names.add(l.asText()));
            layers.put(name, names);
        }
        assertThat(layers.get("save-a")).hasSize(2);
        assertThat(layers.get("save-a").getFirst()).isEqualTo(layers.get("save-b").getFirst());
        assertThat(layers.get("save-a").getLast()).isNotEqualTo(layers.get("save-b").getLast());
        layers.values().stream().flatMap(List::stream).forEach(name -> assertThat(entries).containsEntry(name, 1));
        assertThat(contents).anyMatch(c -> c.contains("save-a-" + testId)).anyMatch(c -> c.contains("save-b-" + testId));
    }

    @Test
    void ensureNetworkIsIdempotentEvenWhenCalledConcurrently() throws Exception {
        String network = "slipway-test-" + testId;
        networks.add(network);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) calls.add(pool.submit(() -> engine().ensureNetwork(network)));
            for (Future<?> call : calls) call.get();
        } finally {
            pool.shutdownNow();
        }
        engine().ensureNetwork(network);

        ContainerSpec onNetwork = spec("net", "echo on-network");
        onNetwork = new ContainerSpec(onNetwork.name(), onNetwork.image(), onNetwork.command(), onNetwork.env(),
                onNetwork.labels(), null, network, List.of(), Map.of());
        RunResult result = engine().run(onNetwork, RUN_TIMEOUT, LogSink.NONE);
        assertThat(result.lastLines()).containsExactly("on-network");
    }
}
