package dev.slipway.services;

import dev.slipway.project.Environment;
import dev.slipway.project.Project;
import dev.slipway.store.SecretCipher;
import dev.slipway.store.SecretStore;
import dev.slipway.store.Store;
import dev.slipway.store.Stores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** An embedded store with one project (random name) and its environments, for the providers' records. */
final class ProviderFixture implements AutoCloseable {
    final Store store;
    final SecretStore records;
    final String project = "t" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);

    ProviderFixture(Path data, String... environments) {
        store = Stores.open(data, null);
        records = Stores.secrets(store, SecretCipher.load(data));
        store.createProject(new Project(project, "file:///nowhere", null, Instant.now()),
                List.of(environments).stream().map(e -> new Environment(project, e, null)).toList());
    }

    /** The prefix of every database and role this fixture's project gets. */
    String databasePrefix() {
        return "slipway_" + project + "_";
    }

    @Override
    public void close() {
        store.close();
    }
}
