package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import dev.slipway.store.SecretStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The service providers this server offers, by name. */
public final class Services implements AutoCloseable {
    /** How long the server waits for --postgres and --storage to answer when it starts. */
    public static final Duration STARTUP_CHECK = Duration.ofSeconds(10);

    private final Map<String, ServiceProvider> providers = new TreeMap<>();

    public Services(List<ServiceProvider> providers) {
        providers.forEach(p -> this.providers.put(p.name(), p));
    }

    public static Services none() {
        return new Services(List.of());
    }

    /**
     * The services of {@code slipway server}: {@code postgres} when {@code postgresUrl} names a
     * cluster; {@code storage} always, on {@code storageUrl}'s S3 server when given, else in
     * {@code mediaDir}. A URL that cannot be used fails here, naming its option, before anything is started.
     */
    public static Services configure(String postgresUrl, String storageUrl, Path mediaDir, SecretStore records) {
        List<ServiceProvider> list = new ArrayList<>();
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            list.add(PostgresProvider.connect(postgresUrl, records, STARTUP_CHECK));
        }
        if (storageUrl != null && !storageUrl.isBlank()) {
            list.add(S3StorageProvider.connect(storageUrl, records, STARTUP_CHECK));
        } else {
            list.add(new FileStorageProvider(mediaDir, records));
        }
        return new Services(list);
    }

    public ServiceProvider require(String name) {
        ServiceProvider provider = providers.get(name);
        if (provider == null) {
            throw new InvalidInputException("services", "service '" + name + "' is not offered by this server (offered: "
                    + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet())) + ")");
        }
        return provider;
    }

    public Collection<ServiceProvider> all() {
        return List.copyOf(providers.values());
    }

    /** The services whose resources the environment has, by name. */
    public List<String> provisioned(String project, String environment) {
        return providers.values().stream().filter(p -> p.provisioned(project, environment)).map(ServiceProvider::name).toList();
    }

    @Override
    public void close() {
        for (ServiceProvider p : providers.values()) {
            if (p instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing an HTTP client: nothing a user could act on
                }
            }
        }
    }
}
