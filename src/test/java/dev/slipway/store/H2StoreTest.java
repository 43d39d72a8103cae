package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.project.DeploymentStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends StoreContract {

    @TempDir
    Path dataDir;

    @Override
    protected Store openStore() {
        return Stores.open(dataDir, null);
    }

    @Test
    void embeddedDatabaseLivesUnderTheDataDir() {
        assertThat(dataDir.resolve("db/slipway.mv.db")).exists();
    }

    @Test
    void dataSurvivesClosingAndReopeningTheSameDataDir() {
        createShop();
        long id = store.createDeployment("shop", "test", "main", false, null).id();
        store.appendLog(id, T0, "build", "before restart");
        store.close();

        store = Stores.open(dataDir, null);
        assertThat(store.project("shop")).contains(project("shop"));
        assertThat(store.deploymentsIn(DeploymentStatus.QUEUED)).extracting(d -> d.id()).containsExactly(id);
        long next = store.appendLog(id, T0, "build", "after restart");
        assertThat(store.log(id, 0)).extracting(l -> l.text()).containsExactly("before restart", "after restart");
        assertThat(next).isGreaterThan(store.log(id, 0).get(0).seq());
        assertThat(store.createDeployment("shop", "test", "main", false, null).id()).isGreaterThan(id);
    }

    /**
     * Stopping the server interrupts a running deployment's thread, which may be writing its log: the
     * embedded database must not close under everyone else when that thread is interrupted.
     */
    @Test
    void aWriterInterruptedMidWriteLeavesTheDatabaseOpenForEveryoneElse() throws InterruptedException {
        createShop();
        long id = store.createDeployment("shop", "test", "main", false, null).id();
        String line = "x".repeat(2_000);
        for (int round = 0; round < 20; round++) {
            Thread writer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        store.appendLog(id, T0, "build", line);
                    } catch (StoreException e) {
                        return; // its own statement may fail: it was told to stop
                    }
                }
            });
            writer.start();
            Thread.sleep(20);
            writer.interrupt();
            writer.join(5_000);
            assertThat(writer.isAlive()).isFalse();
        }

        long seq = store.appendLog(id, T0, "build", "after the interrupts");
        assertThat(store.log(id, seq - 1)).extracting(l -> l.text()).containsExactly("after the interrupts");
    }

    @Test
    void reopeningDoesNotRunMigrationsAgain() throws SQLException {
        store.close();
        List<String> before = schemaHistory();
        store = Stores.open(dataDir, null);
        store.close();

        assertThat(schemaHistory()).isEqualTo(before).isNotEmpty();
        store = Stores.open(dataDir, null);
    }

    /** Each applied migration with its install time: a re-run would add rows or change times. */
    private List<String> schemaHistory() throws SQLException {
        String url = Stores.H2_FILES + dataDir.resolve("db/slipway").toAbsolutePath() + Stores.H2_OPTIONS;
        try (Connection c = DriverManager.getConnection(url)) {
            return Jdbc.query(c, "SELECT version, installed_on FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                    rs -> rs.getString(1) + "@" + rs.getString(2));
        }
    }
}
