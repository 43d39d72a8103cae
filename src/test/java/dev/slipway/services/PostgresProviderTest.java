package dev.slipway.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.InvalidInputException;
import dev.slipway.testing.SharedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The postgres service on the real PostgreSQL server (scripts/start-postgres.sh). */
class PostgresProviderTest {
    @TempDir Path data;
    ProviderFixture fixture;
    PostgresProvider postgres;

    @BeforeEach
    void setUp() {
        SharedPostgres.admin();
        fixture = new ProviderFixture(data, "test", "live");
        postgres = PostgresProvider.connect(SharedPostgres.ADMIN_URL, fixture.records, Duration.ofSeconds(10));
    }

    @AfterEach
    void tearDown() {
        SharedPostgres.dropAll(fixture.databasePrefix());
        fixture.close();
    }

    @Test
    void provisioningCreatesARoleAndDatabaseOnceAndGivesContainersTheDockerHost() throws Exception {
        assertThat(postgres.provisioned(fixture.project, "test")).isFalse();
        Provisioned first = postgres.provision(fixture.project, "test");
        Provisioned again = postgres.provision(fixture.project, "test");
        assertThat(again).isEqualTo(first);
        assertThat(postgres.provisioned(fixture.project, "test")).isTrue();

        URI url = URI.create(first.variables().get("DATABASE_URL"));
        String database = "slipway_" + fixture.project + "_test";
        assertThat(url.getScheme()).isEqualTo("postgres");
        assertThat(url.getHost()).isEqualTo("host.docker.internal");
        assertThat(url.getPort()).isEqualTo(5432);
        assertThat(url.getPath()).isEqualTo("/" + database);
        String password = url.getUserInfo().split(":")[1];
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(first.secrets()).containsExactly(password);

        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + database, database, password)) {
            c.createStatement().execute("CREATE TABLE t (x int)");
        }
        postgres.check(fixture.project, "test", Duration.ofSeconds(5));
    }

    @Test
    void concurrentProvisioningOfOneEnvironmentAgreesOnOnePassword() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Provisioned>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(pool.submit((Callable<Provisioned>) () -> postgres.provision(fixture.project, "test")));
            }
            Set<String> urls = new HashSet<>();
            for (Future<Provisioned> f : results) urls.add(f.get().variables().get("DATABASE_URL"));
            assertThat(urls).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        postgres.check(fixture.project, "test", Duration.ofSeconds(5));
    }

    @Test
    void anEnvironmentsRoleCannotConnectToAnotherEnvironmentsDatabase() {
        Provisioned test = postgres.provision(fixture.project, "test");
        postgres.provision(fixture.project, "live");
        String testRole = "slipway_" + fixture.project + "_test";
        String liveDb = "slipway_" + fixture.project + "_live";
        String password = URI.create(test.variables().get("DATABASE_URL")).getUserInfo().split(":")[1];
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + liveDb, testRole, password).close())
                .isInstanceOf(SQLException.class)
                .hasMessageContaining("permission denied for database");
        assertThat(SharedPostgres.strings("SELECT has_database_privilege('" + testRole + "', '" + liveDb + "', 'CONNECT')")).containsExactly("f");
    }

    @Test
    void checkNamesTheServiceAndAddressWhenNothingListens() throws Exception {
        postgres.provision(fixture.project, "test");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        PostgresProvider elsewhere = new PostgresProvider(
                ServiceUrl.parse("postgres", "postgres://postgres:postgres@127.0.0.1:" + closed + "/postgres", "postgres", 5432), fixture.records);
        Instant start = Instant.now();
        assertThatThrownBy(() -> elsewhere.check(fixture.project, "test", Duration.ofSeconds(2)))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessage("postgres: connection refused at 127.0.0.1:" + closed + " after 2 s");
        assertThat(Duration.between(start, Instant.now())).isBetween(Duration.ofMillis(1500), Duration.ofSeconds(10));
    }

    @Test
    void checkFailsAtOnceWhenTheEnvironmentsPasswordIsRefused() {
        postgres.provision(fixture.project, "test");
        String role = "slipway_" + fixture.project + "_test";
        SharedPostgres.execute("ALTER ROLE \"" + role + "\" PASSWORD 'changed-behind-our-back'");
        assertThatThrownBy(() -> postgres.check(fixture.project, "test", Duration.ofSeconds(10)))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessage("postgres: password authentication failed for role " + role + " at 127.0.0.1:5432");
    }

    @Test
    void badAdminUrlsAreRefusedWithTheirOptionNamedAndNoPassword() {
        assertThatThrownBy(() -> PostgresProvider.connect("postgres://postgres:wrong-secret@127.0.0.1:5432/postgres", fixture.records, Duration.ofSeconds(3)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--postgres")
                .hasMessageContaining("password authentication failed for role postgres")
                .hasMessageNotContaining("wrong-secret");
        assertThatThrownBy(() -> PostgresProvider.connect("mysql://a:b@h/db", fixture.records, Duration.ofSeconds(3)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("must start with postgres://");
        assertThatThrownBy(() -> PostgresProvider.connect("postgres://127.0.0.1:5432/db", fixture.records, Duration.ofSeconds(3)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs a user and a password");
    }

    @Test
    void deprovisionKeepsTheDatabaseUnlessAskedToDeleteIt() {
        postgres.provision(fixture.project, "test");
        postgres.provision(fixture.project, "live");
        String test = "slipway_" + fixture.project + "_test";
        String live = "slipway_" + fixture.project + "_live";
        assertThat(postgres.deprovision(fixture.project, "test", false)).isEqualTo("kept database " + test + " (role " + test + ") at 127.0.0.1:5432");
        assertThat(SharedPostgres.strings("SELECT datname FROM pg_database WHERE datname = '" + test + "'")).hasSize(1);
        assertThat(postgres.provisioned(fixture.project, "test")).isFalse();

        assertThat(postgres.deprovision(fixture.project, "live", true)).isEqualTo("deleted database " + live + " and role " + live + " at 127.0.0.1:5432");
        assertThat(SharedPostgres.strings("SELECT datname FROM pg_database WHERE datname = '" + live + "'")).isEmpty();
        assertThat(SharedPostgres.strings("SELECT rolname FROM pg_roles WHERE rolname = '" + live + "'")).isEmpty();
        assertThat(postgres.deprovision(fixture.project, "live", true)).isNull();
    }

    @Test
    void aKeptDatabaseIsTakenOverWhenTheEnvironmentIsProvisionedAgain() throws Exception {
        Provisioned before = postgres.provision(fixture.project, "test");
        String db = "slipway_" + fixture.project + "_test";
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, db, before.secrets().get(0))) {
            c.createStatement().execute("CREATE TABLE kept (x int)");
        }
        postgres.deprovision(fixture.project, "test", false);
        Provisioned after = postgres.provision(fixture.project, "test");
        assertThat(after.secrets()).isNotEqualTo(before.secrets());
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + db, db, after.secrets().get(0))) {
            c.createStatement().executeQuery("SELECT count(*) FROM kept").close();
        }
    }
}
