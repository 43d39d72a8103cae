package dev.slipway.local;

import dev.slipway.project.InvalidInputException;
import dev.slipway.services.MediaTar;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The local containers' data: the {@code db} service's database (loaded from and dumped to plain SQL
 * through {@code docker compose exec}, with the tools of the db image itself, so the laptop needs no
 * PostgreSQL client) and {@code ./data/media}. Each database method returns the compose tool's exit code.
 */
public final class LocalData {
    /** How long the db container may take to accept connections after {@code up}: a first start runs initdb. */
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final LocalProject project;
    private final ComposeRunner compose;
    private final LocalOptions options;
    private final Consumer<String> out;

    LocalData(LocalProject project, ComposeRunner compose, LocalOptions options, Consumer<String> out) {
        this.project = project;
        this.compose = compose;
        this.options = options;
        this.out = out;
    }

    public Path mediaDir() {
        return project.dir().resolve(LocalOptions.MEDIA_DIR);
    }

    /** A file under {@code data/dumps} (kept out of Git by init's .gitignore). */
    public Path dumpFile(String name) {
        try {
            return Files.createDirectories(project.dir().resolve(LocalOptions.DUMPS_DIR)).resolve(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + LocalOptions.DUMPS_DIR + " in " + project.dir() + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the local database with {@code dump} (plain SQL): dropped, created empty, loaded; stops at the first error. */
    public int loadDatabase(Path dump) {
        int ready = startDatabase();
        if (ready != 0) return ready;
        ComposeRunner.Result reset = compose.run(psql("postgres", "-c", "DROP DATABASE IF EXISTS " + LocalOptions.DB_NAME + " WITH (FORCE)",
                "-c", "CREATE DATABASE " + LocalOptions.DB_NAME), options.commandTimeout(), out);
        if (!reset.ok()) return failed(reset, "emptying the local database");
        ComposeRunner.Result load = compose.run(psql(LocalOptions.DB_NAME), options.commandTimeout(), out, dump, null);
        return failed(load, "loading the dump into the local database");
    }

    /** Writes the local database to {@code target} as plain SQL, as the server's restore expects it. */
    public int dumpDatabase(Path target) {
        int ready = startDatabase();
        if (ready != 0) return ready;
        ComposeRunner.Result dump = compose.run(List.of("exec", "-T", ComposeFile.DB, "pg_dump", "--username", LocalOptions.DB_USER,
                "--format=plain", "--no-owner", "--no-privileges", LocalOptions.DB_NAME), options.commandTimeout(), out, null, target);
        return failed(dump, "dumping the local database");
    }

    /** Makes {@code ./data/media} hold exactly the archive's files; returns how many. */
    public int replaceMedia(InputStream tar) {
        return MediaTar.replace(mediaDir(), tar);
    }

    public int writeMedia(OutputStream tar) throws IOException {
        return MediaTar.write(mediaDir(), tar);
    }

    /** Only the db service, and only until it accepts connections: the web need not be built for this. */
    private int startDatabase() {
        project.requireComposeFile();
        if (!project.config().services().contains("postgres")) {
            throw new InvalidInputException("services", "the project in " + project.dir() + " does not use postgres (slipway.yaml: services),"
                    + " so there is no local db service to copy the database to or from");
        }
        project.ensureLocalFiles();
        ComposeRunner.Result up = compose.run(List.of("up", "--detach", ComposeFile.DB), options.commandTimeout(), out);
        if (!up.ok()) return failed(up, "starting the db service");
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        // Over TCP: the official image's first start runs a socket-only server for initdb, then restarts.
        List<String> probe = List.of("exec", "-T", ComposeFile.DB, "pg_isready", "-h", "127.0.0.1", "-U", LocalOptions.DB_USER, "-d", LocalOptions.DB_NAME);
        while (Instant.now().isBefore(deadline)) {
            if (compose.run(probe, Duration.ofSeconds(30), line -> { }).ok()) return 0;
            sleep(1000);
        }
        out.accept("the db service did not accept connections within " + READY_TIMEOUT.toSeconds() + " s; see `slipway local logs db`");
        return 1;
    }

    private static List<String> psql(String database, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("exec", "-T", ComposeFile.DB, "psql", "--no-psqlrc", "--quiet",
                "--set", "ON_ERROR_STOP=1", "--output", "/dev/null", "--username", LocalOptions.DB_USER, "--dbname", database));
        command.addAll(List.of(args));
        return command;
    }

    private int failed(ComposeRunner.Result result, String what) {
        if (result.timedOut()) {
            out.accept(what + " did not finish within " + options.commandTimeout().toMinutes() + " min and was stopped");
            return 1;
        }
        if (result.exitCode() != 0) out.accept(what + " failed (exit " + result.exitCode() + ")");
        return result.exitCode();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
