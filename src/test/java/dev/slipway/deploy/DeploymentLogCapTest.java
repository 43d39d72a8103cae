package dev.slipway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Apps;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A build that prints 60,000 lines stores the log's head and tail and one line for what it dropped. */
class DeploymentLogCapTest {
    @TempDir static Path tmp;
    static TestServer server;

    @BeforeAll
    static void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
    }

    @AfterAll
    static void stop() {
        server.closeAndRemoveWhatItRan();
    }

    @Test
    void buildPrintingSixtyThousandLinesStoresTheHeadTheTailAndWhatWasDropped() {
        TestRepo repo = TestRepo.create(tmp.resolve("repo"));
        repo.commit("loud", Apps.with(Apps.version("1"), "Dockerfile", """
                FROM busybox:1.36
                RUN seq 1 60000
                COPY www /www
                CMD ["sh", "-c", "exec httpd -f -p \\"$PORT\\" -h /www"]
                """));
        server.createProject("loud", repo.url());
        long before = size(tmp.resolve("data/db"));

        long id = server.deploy("loud", "test", null);
        JsonNode done = server.await(id, Duration.ofMinutes(5));
        long grown = size(tmp.resolve("data/db")) - before;
        System.out.printf("log cap: a build of 60,000 lines grew data/db by %.1f MB%n", grown / 1e6);

        assertThat(done.get("deployment").get("status").asText()).isEqualTo("SUCCEEDED");
        List<String> lines = new ArrayList<>();
        server.call("GET", "/api/v1/deployments/" + id + "/log", null).json().get("lines").forEach(l -> lines.add(l.get("text").asText()));
        assertThat(lines).hasSize(2_000 + 1 + 8_000);
        List<String> dropped = lines.stream().filter(l -> l.contains("dropped here")).toList();
        assertThat(dropped).hasSize(1);
        assertThat(dropped.get(0)).matches("… [0-9,]+ lines \\([0-9,]+ bytes\\) dropped here: the stored log keeps a deployment's first 2,000 and last 8,000 lines");
        int marker = lines.indexOf(dropped.get(0));
        assertThat(marker).isEqualTo(2_000);
        assertThat(lines.subList(0, marker)).as("the head").contains("1", "2", "1000").anyMatch(l -> l.contains("fetching"));
        assertThat(lines.subList(marker + 1, lines.size())).as("the tail").contains("59999", "60000")
                .anyMatch(l -> l.contains("answered /")).doesNotContain("30000");
    }

    private static long size(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
