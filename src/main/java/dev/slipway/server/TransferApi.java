package dev.slipway.server;

import dev.slipway.deploy.Deployer;
import dev.slipway.project.Environment;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.services.FileStorageProvider;
import dev.slipway.services.PostgresProvider;
import dev.slipway.services.PostgresTransfer;
import dev.slipway.services.ServiceProvider;
import dev.slipway.services.Services;
import dev.slipway.services.StorageTransfer;
import dev.slipway.store.Store;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * An environment's data in and out, for {@code slipway local pull-db|push-db|pull-media|push-media}:
 * the database as a plain-format SQL dump and the media as a tar. What replaces an environment's
 * data needs {@code ?confirm=<environment name>}, so that a script with the wrong name changes nothing.
 */
final class TransferApi {
    static final String PATH = Api.PREFIX + "/projects/{project}/environments/{env}/services";

    private final Store store;
    private final Services services;
    private final Deployer deployer;
    private final Path workDir;

    TransferApi(Store store, Services services, Deployer deployer, Path workDir) {
        this.store = store;
        this.services = services;
        this.deployer = deployer;
        this.workDir = workDir;
    }

    void register(RoutesConfig r) {
        r.get(PATH + "/postgres/dump", ctx -> {
            Environment env = environment(ctx);
            Path dump = postgres().dump(env.project(), env.name());
            // Opened, then deleted: the open stream keeps the data until the answer has been sent.
            InputStream in = Files.newInputStream(dump);
            Files.delete(dump);
            ctx.contentType("application/sql");
            ctx.header("Content-Disposition", "attachment; filename=\"" + env.project() + "-" + env.name() + ".sql\"");
            ctx.result(in);
        });
        r.post(PATH + "/postgres/restore", ctx -> {
            Environment env = confirmed(ctx);
            PostgresTransfer transfer = postgres();
            Path upload = receive(ctx);
            try {
                // In the environment's deployment queue: no migration runs while the database is replaced.
                String restored = deployer.exclusively(env.project(), env.name(),
                        () -> transfer.restore(env.project(), env.name(), upload));
                ctx.json(Map.of("restored", restored));
            } finally {
                Files.deleteIfExists(upload);
            }
        });
        r.get(PATH + "/storage/archive", ctx -> {
            Environment env = environment(ctx);
            StorageTransfer storage = storage();
            storage.requireProvisioned(env.project(), env.name());
            ctx.contentType("application/x-tar");
            ctx.header("Content-Disposition", "attachment; filename=\"" + env.project() + "-" + env.name() + "-media.tar\"");
            storage.archive(env.project(), env.name(), ctx.outputStream());
        });
        r.post(PATH + "/storage/archive", ctx -> {
            Environment env = confirmed(ctx);
            StorageTransfer storage = storage();
            storage.requireProvisioned(env.project(), env.name());
            ctx.json(Map.of("restored", storage.replace(env.project(), env.name(), ctx.bodyInputStream())));
        });
    }

    private PostgresTransfer postgres() {
        ServiceProvider provider = services.require(PostgresProvider.NAME);
        return new PostgresTransfer((PostgresProvider) provider, workDir, PostgresTransfer.Options.DEFAULTS);
    }

    private StorageTransfer storage() {
        return new StorageTransfer(services.require(FileStorageProvider.NAME), workDir);
    }

    /** The environment, when {@code ?confirm=} repeats its name. */
    private Environment confirmed(Context ctx) {
        Environment env = environment(ctx);
        String confirm = ctx.queryParam("confirm");
        if (!env.name().equals(confirm)) {
            throw new InvalidInputException("confirm", "this replaces the data of " + env.project() + "/" + env.name()
                    + "; repeat the environment's name as ?confirm=" + env.name() + (confirm == null ? "" : " (got '" + confirm + "')"));
        }
        return env;
    }

    private Path receive(Context ctx) {
        try {
            Files.createDirectories(workDir);
            Path upload = Files.createTempFile(workDir, "upload", ".sql");
            try (InputStream in = ctx.bodyInputStream()) {
                Files.copy(in, upload, StandardCopyOption.REPLACE_EXISTING);
            }
            return upload;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot receive the upload into " + workDir + ": " + e.getMessage(), e);
        }
    }

    private Environment environment(Context ctx) {
        String project = ctx.pathParam("project");
        String name = ctx.pathParam("env");
        store.project(project).orElseThrow(() -> new NotFoundException("project '" + project + "' not found"));
        return store.environment(project, name)
                .orElseThrow(() -> new NotFoundException("environment '" + name + "' of project '" + project + "' not found"));
    }
}
