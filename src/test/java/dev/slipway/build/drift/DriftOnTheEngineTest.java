package dev.slipway.build.drift;

import dev.slipway.engine.BuildRequest;
import dev.slipway.engine.ContainerEngine;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.engine.LogSink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Drift reports on real no-cache builds of one Dockerfile, on the real Docker engine. */
class DriftOnTheEngineTest {
    private static final String DEBIAN = "debian:bookworm-slim";

    private final String testId = UUID.randomUUID().toString().substring(0, 8);
    private final List<String> tags = new ArrayList<>();
    private final ContainerEngine engine = DockerTestSupport.engine();
    private final DriftDetector drift = new DriftDetector(engine, DriftOptions.DEFAULTS);

    @TempDir
    Path tmp;

    @AfterEach
    void removeTheImages() {
        tags.forEach(engine::removeImage);
    }

    private Path context(Map<String, String> files) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "context");
        for (Map.Entry<String, String> file : files.entrySet()) Files.writeString(dir.resolve(file.getKey()), file.getValue());
        return dir;
    }

    private String build(Path context, String name, String network) {
        String tag = "slipway-test/drift-" + name + ":" + testId;
        tags.add(tag);
        Map<String, String> labels = new HashMap<>(DockerTestSupport.TEST_LABELS);
        labels.put("slipway.test.id", testId);
        List<String> log = new CopyOnWriteArrayList<>();
        try {
            engine.build(new BuildRequest(context, "Dockerfile", tag, true, false, labels).withNetwork(network), log::add);
        } catch (RuntimeException e) {
            throw new AssertionError("build " + tag + " failed: " + e.getMessage() + "\n" + String.join("\n", log), e);
        }
        return tag;
    }

    @Test
    void anInstructionThatWritesTheTimeIsTheFirstDifferenceAndNoPackageChanges() throws Exception {
        String dockerfile = """
                FROM debian:bookworm-slim
                COPY app.txt /app/app.txt
                RUN date +%s.%N > /built-at
                RUN echo stable > /stable
                CMD ["cat", "/built-at"]
                """;
        Path context = context(Map.of("Dockerfile", dockerfile, "app.txt", "the app\n"));
        String first = build(context, "time-a", null);
        String second = build(context, "time-b", null);

        DriftReport report = drift.compare(first, second, dockerfile, SourceFiles.directory(context));
        System.out.println(String.join("\n", report.lines()));

        assertThat(report.drifted()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.firstDifference().instruction()).isEqualTo("Dockerfile:3 RUN date +%s.%N > /built-at");
        assertThat(report.firstDifference().paths()).containsExactly("/built-at: content differs");
        assertThat(report.packageChanges()).isEmpty();
        assertThat(report.lines()).contains("no package versions changed")
                .noneMatch(line -> line.contains("COPY app.txt") || line.contains("RUN echo stable"));
    }

    @Test
    void aPackageVersionServedDifferentlyIsAttributedToItsUnpinnedInstall() throws Exception {
        try (LocalDebianRepository repo = LocalDebianRepository.start(tmp)) {
            // Reached over the host's network, so the index stays on the loopback interface.
            String dockerfile = """
                    FROM debian:bookworm-slim
                    RUN echo "deb [trusted=yes] http://127.0.0.1:%d debs/" > /etc/apt/sources.list.d/local.list \\
                        && apt-get update -o Dir::Etc::sourcelist=/etc/apt/sources.list.d/local.list \\
                           -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 \\
                        && apt-get install -y --no-install-recommends slipway-demo
                    CMD ["cat", "/usr/share/slipway-demo/version"]
                    """.formatted(repo.port());
            Path context = context(Map.of("Dockerfile", dockerfile));
            repo.publish("1.0");
            String before = build(context, "deb-a", "host");
            repo.publish("1.1");
            String after = build(context, "deb-b", "host");

            DriftReport report = drift.compare(before, after, dockerfile, SourceFiles.directory(context));
            System.out.println(String.join("\n", report.lines()));

            assertThat(report.firstDifference().instruction()).startsWith("Dockerfile:2 RUN echo \"deb [trusted=yes] http://127.0.0.1:");
            assertThat(report.firstDifference().paths()).isNotEmpty();
            assertThat(report.packageChanges()).extracting(PackageChange::describe).containsExactly(
                    "slipway-demo 1.0 → 1.1 (from RUN … apt-get install -y --no-install-recommends slipway-demo, unpinned)");
            assertThat(report.lines()).contains("  Debian:",
                    "    slipway-demo 1.0 → 1.1 (from RUN … apt-get install -y --no-install-recommends slipway-demo, unpinned)");
        }
    }

    @Test
    void theSameImageAndAnIdenticalRebuildAreNoDrift() throws Exception {
        String dockerfile = "FROM busybox:1.36\nCOPY app.txt /app.txt\nCMD [\"cat\", \"/app.txt\"]\n";
        Path context = context(Map.of("Dockerfile", dockerfile, "app.txt", "same content\n"));
        String first = build(context, "same-a", null);
        String rebuilt = build(context, "same-b", null);

        DriftReport same = drift.compare(first, first, dockerfile, SourceFiles.directory(context));
        DriftReport identical = drift.compare(first, rebuilt, dockerfile, SourceFiles.directory(context));

        assertThat(same.drifted()).isFalse();
        assertThat(same.lines().getLast()).isEqualTo("no drift: both are the same image");
        assertThat(identical.idA()).isNotEqualTo(identical.idB());
        assertThat(identical.drifted()).as(String.join("\n", identical.lines())).isFalse();
        assertThat(identical.lines().getLast()).startsWith("no drift: the file contents of all 2 layers are identical");
    }

    @Test
    void buildsDiffPrintsTheReportAndNamesAMissingImage() throws Exception {
        String dockerfile = "FROM busybox:1.36\nCOPY app.txt /app.txt\nRUN cat /proc/sys/kernel/random/uuid > /id\n";
        Path context = context(Map.of("Dockerfile", dockerfile, "app.txt", "app\n"));
        String first = build(context, "cli-a", null);
        String second = build(context, "cli-b", null);

        Run diff = slipway("builds", "diff", first, second, "--context", context.toString());
        Run missing = slipway("builds", "diff", first, "slipway-test/absent:" + testId);

        assertThat(diff.exit()).as(diff.err()).isZero();
        assertThat(diff.out()).contains("first difference: Dockerfile:3 RUN cat /proc/sys/kernel/random/uuid > /id\n  /id: content differs\n")
                .contains("no package versions changed");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such image: slipway-test/absent:" + testId);
    }

    record Run(int exit, String out, String err) {}

    private Run slipway(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), "dev.slipway.cli.Main"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("slipway " + String.join(" ", args) + " did not finish");
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
