package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.slipway.project.BuildKind;
import dev.slipway.project.BuildRecord;
import dev.slipway.project.Deployment;
import dev.slipway.project.Environment;
import dev.slipway.project.NotFoundException;
import dev.slipway.project.Project;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Build records (V3__builds.sql) on the embedded database and on a real PostgreSQL. */
class BuildsStoreTest {
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void buildRecordsRoundTripAndPrunedOnesLeaveTheCandidateList(String database) throws SQLException {
        String pgDatabase = database.equals("postgres") ? createPostgresDatabase() : null;
        try (Store store = Stores.open(dir, pgDatabase == null ? null : PostgresStoreTest.withDatabase(PostgresStoreTest.DEFAULT_URL, pgDatabase))) {
            store.createProject(new Project("shop", "file:///tmp/shop", null, T0),
                    Environment.DEFAULT_NAMES.stream().map(n -> new Environment("shop", n, null)).toList());
            Deployment d1 = store.createDeployment("shop", "test", "main", false, null);
            Deployment d2 = store.createDeployment("shop", "live", "main", false, null);
            BuildRecord built = store.builds().record(BuildRecord.built(d1, "abc123", "admin",
                    new BuildRecord.Recipe("Dockerfile", "sha256:" + "1".repeat(64), "busybox:1.36", "sha256:" + "2".repeat(64), true, false),
                    new BuildRecord.Image("slipway/shop:test-d1-abcd", "sha256:" + "3".repeat(64), 2_000_000L), Duration.ofMillis(1234),
                    List.of("Dockerfile:2: apt-unpinned apt-get install curl without =VERSION", "requirements.txt:3: requirements-unpinned x")));
            BuildRecord promoted = store.builds().record(built.reusedBy(d2, BuildKind.PROMOTION, Duration.ofMillis(5)));

            assertThat(built.id()).isPositive();
            assertThat(store.builds().build(built.id())).contains(built);
            assertThat(built.advisories()).hasSize(2);
            assertThat(built.duration()).isEqualTo(Duration.ofMillis(1234));
            assertThat(promoted.reusedFrom()).isEqualTo(built.id());
            assertThat(promoted.imageId()).isEqualTo(built.imageId());
            assertThat(store.builds().ofDeployment(d2.id())).contains(promoted);
            assertThat(store.builds().ofProject("shop", null, 10)).containsExactly(promoted, built);
            assertThat(store.builds().ofProject("shop", "test", 10)).containsExactly(built);
            assertThat(store.builds().unpruned("shop", "test")).containsExactly(built);
            assertThat(store.builds().unpruned("shop", "live")).as("re-uses are never prune candidates").isEmpty();

            store.builds().markPruned(built.id(), T0.plusSeconds(60));
            assertThat(store.builds().unpruned("shop", "test")).isEmpty();
            assertThat(store.builds().build(built.id()).orElseThrow().prunedAt()).isEqualTo(T0.plusSeconds(60));
            assertThatThrownBy(() -> store.builds().markPruned(424242, T0)).isInstanceOf(NotFoundException.class);
        } finally {
            if (pgDatabase != null) dropPostgresDatabase(pgDatabase);
        }
    }

    private static String createPostgresDatabase() {
        String name = "slipway_builds_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(PostgresStoreTest.DEFAULT_URL); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            fail("PostgreSQL is not reachable at 127.0.0.1:5432 (" + e.getMessage() + "): run scripts/start-postgres.sh", e);
        }
        return name;
    }

    private static void dropPostgresDatabase(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresStoreTest.DEFAULT_URL); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
