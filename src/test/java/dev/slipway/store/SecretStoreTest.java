package dev.slipway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretStoreTest {
    @TempDir Path data;

    private Store open() {
        return Stores.open(data, null);
    }

    private static void createShop(Store store) {
        store.createProject(new Project("shop", "file:///nowhere", null, Instant.now()),
                List.of(new Environment("shop", "test", null), new Environment("shop", "live", null)));
    }

    @Test
    void variablesAreSealedAtRestAndOpenWithTheSameKeyAfterARestart() throws Exception {
        try (Store store = open()) {
            createShop(store);
            SecretStore secrets = Stores.secrets(store, SecretCipher.load(data, Map.of()));
            secrets.setVariables("shop", "test", Map.of("API_TOKEN", "plain-token-value", "MODE", "fast"));
            List<String> raw = ((JdbcStore) store).jdbc().query("SELECT sealed FROM environment_variables", rs -> rs.getString(1));
            assertThat(raw).hasSize(2).allSatisfy(v -> assertThat(v).startsWith("v1:").doesNotContain("plain-token-value").doesNotContain("fast"));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("secret-key")))).isEqualTo("rw-------");
        try (Store store = open()) {
            SecretStore secrets = Stores.secrets(store, SecretCipher.load(data, Map.of()));
            assertThat(secrets.variables("shop", "test")).containsExactly(Map.entry("API_TOKEN", "plain-token-value"), Map.entry("MODE", "fast"));
            assertThat(secrets.variables("shop", "live")).isEmpty();
            assertThat(secrets.variableNames("shop", "test")).extracting(SecretStore.VariableName::name).containsExactly("API_TOKEN", "MODE");
        }
    }

    @Test
    void aKeyFromTheEnvironmentWinsAndAnotherKeyCannotOpenTheValues() {
        SecretCipher fromEnvironment = SecretCipher.load(data, Map.of(SecretCipher.KEY_VARIABLE, SecretCipher.newKey()));
        try (Store store = Stores.open(data, null, fromEnvironment)) {
            createShop(store);
            Stores.secrets(store, fromEnvironment)
                    .setVariables("shop", "test", Map.of("API_TOKEN", "plain-token-value"));
            assertThat(data.resolve("secret-key")).doesNotExist();
            SecretStore wrong = Stores.secrets(store, SecretCipher.load(data, Map.of(SecretCipher.KEY_VARIABLE, SecretCipher.newKey())));
            assertThatThrownBy(() -> wrong.variables("shop", "test"))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("variable shop/test/API_TOKEN")
                    .hasMessageContaining("another key")
                    .hasMessageNotContaining("plain-token-value");
        }
    }

    @Test
    void aSealedValueMovedToAnotherRowDoesNotOpen() {
        try (Store store = open()) {
            createShop(store);
            SecretStore secrets = Stores.secrets(store, SecretCipher.load(data, Map.of()));
            secrets.setVariables("shop", "test", Map.of("A", "value-of-a"));
            secrets.setVariables("shop", "live", Map.of("A", "other"));
            ((JdbcStore) store).jdbc().update("UPDATE environment_variables SET sealed = (SELECT sealed FROM environment_variables WHERE environment = 'test')"
                    + " WHERE environment = 'live'");
            assertThatThrownBy(() -> secrets.variables("shop", "live")).isInstanceOf(StoreException.class);
        }
    }

    @Test
    void serviceRecordsAreSavedOnceAndTheFirstOneWins() {
        try (Store store = open()) {
            createShop(store);
            SecretStore secrets = Stores.secrets(store, SecretCipher.load(data, Map.of()));
            assertThat(secrets.saveResourceIfAbsent("shop", "test", "postgres", Map.of("password", "first"))).containsEntry("password", "first");
            assertThat(secrets.saveResourceIfAbsent("shop", "test", "postgres", Map.of("password", "second"))).containsEntry("password", "first");
            assertThat(secrets.resource("shop", "test", "postgres")).contains(Map.of("password", "first"));
            secrets.deleteResource("shop", "test", "postgres");
            assertThat(secrets.resource("shop", "test", "postgres")).isEmpty();
        }
    }

    @Test
    void deletingAnEnvironmentRemovesItsVariablesAndRecords() {
        try (Store store = open()) {
            createShop(store);
            SecretStore secrets = Stores.secrets(store, SecretCipher.load(data, Map.of()));
            secrets.setVariables("shop", "test", Map.of("A", "value-of-a"));
            secrets.saveResourceIfAbsent("shop", "test", "storage", Map.of("bucket", "b"));
            store.createDeployment("shop", "test", null, false, null);
            Stores.removal(store).deleteEnvironment("shop", "test");
            assertThat(store.environment("shop", "test")).isEmpty();
            assertThat(store.environment("shop", "live")).isPresent();
            assertThat(secrets.variableNames("shop", "test")).isEmpty();
            Stores.removal(store).deleteProject("shop");
            assertThat(store.project("shop")).isEmpty();
        }
    }
}
