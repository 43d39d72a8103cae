package dev.slipway.services;

import dev.slipway.store.SecretStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The {@code storage} service without an S3 server: a host directory per environment,
 * {@code DATA/media/<project>/<env>}, mounted at {@value #MOUNT_POINT}. The containers reach it
 * through {@link MediaAccess}'s group, whatever user they run as; other host users do not.
 */
public final class FileStorageProvider implements ServiceProvider {
    public static final String NAME = "storage";
    public static final String MOUNT_POINT = "/data/media";

    private final Path root;
    private final SecretStore records;

    public FileStorageProvider(Path root, SecretStore records) {
        this.root = root.toAbsolutePath().normalize();
        this.records = records;
    }

    @Override
    public String name() {
        return NAME;
    }

    Path directory(String project, String environment) {
        return root.resolve(project).resolve(environment);
    }

    @Override
    public boolean provisioned(String project, String environment) {
        return records.resource(project, environment, NAME).isPresent();
    }

    @Override
    public Provisioned provision(String project, String environment) {
        Path dir = directory(project, environment);
        try {
            Files.createDirectories(dir);
            MediaAccess.directory(dir); // also repairs a folder made world-writable by an older version
        } catch (IOException e) {
            throw new ServiceUnavailableException(NAME, "cannot create directory " + dir + ": " + e.getMessage());
        }
        records.saveResourceIfAbsent(project, environment, NAME, Map.of("directory", dir.toString()));
        return new Provisioned(Map.of("STORAGE_URL", "file://" + MOUNT_POINT), Map.of(dir.toString(), MOUNT_POINT), List.of(),
                List.of(Integer.toString(MediaAccess.GROUP)));
    }

    @Override
    public void check(String project, String environment, Duration timeout) {
        Path dir = directory(project, environment);
        // A hung network file system must not hang the deployment: the write gets the timeout too.
        CompletableFuture<Void> probe = CompletableFuture.runAsync(() -> {
            try {
                Path file = dir.resolve(".slipway-check-" + UUID.randomUUID());
                Files.writeString(file, "slipway check");
                Files.delete(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            probe.cancel(true);
            throw new ServiceUnavailableException(NAME, "directory " + dir + " did not accept a write within " + Checks.seconds(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException io ? io.getCause() : e.getCause();
            throw new ServiceUnavailableException(NAME, "directory " + dir + " is not writable: " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailableException(NAME, "check interrupted");
        }
    }

    @Override
    public String deprovision(String project, String environment, boolean deleteData) {
        Path dir = directory(project, environment);
        boolean recorded = records.resource(project, environment, NAME).isPresent();
        if (!recorded && !Files.exists(dir)) return null;
        records.deleteResource(project, environment, NAME);
        if (!deleteData) {
            return "kept directory " + dir;
        }
        if (!Files.exists(dir)) {
            return "directory " + dir + " was already gone";
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new ServiceUnavailableException(NAME, "cannot delete directory " + dir + ": " + e.getMessage());
        }
        return "deleted directory " + dir;
    }
}
