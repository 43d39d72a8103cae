package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoresTest {

    @TempDir
    Path dataDir;

    @Test
    void unreachableDatabaseIsNamedWithoutItsPassword() {
        assertThatThrownBy(() -> Stores.open(dataDir, "jdbc:postgresql://127.0.0.1:1/slipway?user=deploy&password=s3cret-pw"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot connect to jdbc:postgresql://127.0.0.1:1/slipway (user deploy): ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void wrongPasswordIsReportedWithoutIt() {
        String base = PostgresStoreTest.withDatabase(
                System.getenv().getOrDefault("SLIPWAY_TEST_PG_URL", PostgresStoreTest.DEFAULT_URL), "postgres");
        String wrong = base.replaceAll("password=[^&]*", "password=not-the-pw");
        assertThatThrownBy(() -> Stores.open(dataDir, wrong))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("authentication failed")
                .hasMessageNotContaining("not-the-pw");
    }

    @Test
    void urlOfAnotherDatabaseIsRefusedWithoutItsPassword() {
        assertThatThrownBy(() -> Stores.open(dataDir, "jdbc:mysql://db:3306/slipway?user=root&password=s3cret-pw"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbc:mysql://db:3306/slipway")
                .hasMessageContaining("jdbc:postgresql://")
                .hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void postgresUrlWithCredentialsBecomesAJdbcUrlAndAUser() {
        DbUrl url = DbUrl.parse("postgres://deploy:p%40ss@db.internal:5433/slipway?sslmode=require");

        assertThat(url).isEqualTo(new DbUrl("jdbc:postgresql://db.internal:5433/slipway?sslmode=require", "deploy", "p@ss"));
        assertThat(url.describe()).isEqualTo("jdbc:postgresql://db.internal:5433/slipway?sslmode=require (user deploy)");
    }

    @Test
    void jdbcUrlLosesItsCredentialsToTheUserAndPassword() {
        assertThat(DbUrl.parse("jdbc:postgresql://127.0.0.1/slipway?user=u&ssl=false&password=p"))
                .isEqualTo(new DbUrl("jdbc:postgresql://127.0.0.1/slipway?ssl=false", "u", "p"));
    }
}
