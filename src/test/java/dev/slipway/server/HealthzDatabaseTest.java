package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.testing.Http;
import dev.slipway.testing.PrivatePostgres;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /healthz} of a server on its own PostgreSQL (--db): 503 naming the database and its address while the
 * cluster is stopped, with no password and no stack trace, answered within a probe's patience; 200 once it is back.
 */
class HealthzDatabaseTest {
    @TempDir static Path tmp;
    static PrivatePostgres pg;
    static TestServer server;

    @BeforeAll
    static void start() {
        pg = PrivatePostgres.start();
        server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, 0).withDbUrl(pg.adminUrl()));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (pg != null) pg.close();
    }

    @Test
    void healthzIs503NamingTheDatabaseWhileItIsDownAnd200OnceItIsBack() throws Exception {
        Http.Answer up = Http.get(server.apiPort(), null, "/healthz");
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(up.body()).get("status").asText()).isEqualTo("ok");

        pg.stopServer();
        long stopped = System.nanoTime();
        Http.Answer down = awaitHealthz(a -> a.status() != 200, Duration.ofSeconds(30));
        System.out.printf("healthz 503 %d ms after the database stopped%n", (System.nanoTime() - stopped) / 1_000_000);
        assertThat(down.status()).as(down.body()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(down.body());
        assertThat(body.get("status").asText()).isEqualTo("down");
        assertThat(body.get("error").asText()).isEqualTo("database: unreachable (127.0.0.1:" + pg.port() + ": connection refused)");
        assertThat(down.body()).doesNotContain(PrivatePostgres.PASSWORD).doesNotContain("Exception").doesNotContain("\tat ");

        // Each probe answers within the database timeout and a little, however long the pool would wait (10 s);
        // probes while one look waits share it, so those after the first answer at once.
        int slow = 0;
        for (int i = 0; i < 5; i++) {
            long asked = System.nanoTime();
            Http.Answer again = Http.get(server.apiPort(), null, "/healthz");
            Duration took = Duration.ofNanos(System.nanoTime() - asked);
            System.out.printf("healthz answered %d in %d ms with the database down%n", again.status(), took.toMillis());
            assertThat(again.status()).as(again.body()).isEqualTo(503);
            assertThat(took).isLessThan(Healthz.DATABASE_TIMEOUT.plusSeconds(1));
            if (took.compareTo(Duration.ofSeconds(1)) >= 0) slow++;
        }
        assertThat(slow).as("probes that waited for the database (one look at a time, shared)").isLessThanOrEqualTo(1);

        pg.startServer();
        long started = System.nanoTime();
        Http.Answer back = awaitHealthz(a -> a.status() == 200, Duration.ofSeconds(60));
        System.out.printf("healthz 200 %d ms after the database started%n", (System.nanoTime() - started) / 1_000_000);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
    }

    private static Http.Answer awaitHealthz(Predicate<Http.Answer> wanted, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Http.Answer last = Http.get(server.apiPort(), null, "/healthz");
        while (!wanted.test(last) && System.nanoTime() < deadline) {
            TestServer.sleep(200);
            last = Http.get(server.apiPort(), null, "/healthz");
        }
        return last;
    }
}
