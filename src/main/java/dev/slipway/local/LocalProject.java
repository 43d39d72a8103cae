package dev.slipway.local;

import dev.slipway.build.ConfigLoader;
import dev.slipway.project.Names;
import dev.slipway.project.ProjectConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** A project folder on a laptop: its config, its compose file, {@code .env} and {@code data/media}. */
public final class LocalProject {
    public static final String COMPOSE_FILE = "docker-compose.yml";
    static final String ENV_TEMPLATE = """
            # Your own variables for the local containers, one NAME=value per line (like `slipway env set`).
            # docker compose also reads SLIPWAY_LOCAL_PORT from here: the web's port on 127.0.0.1 (default 8000).
            # Keep this file out of Git: it is listed in .gitignore.
            """;
    static final List<String> IGNORED = List.of(".env", "/data/");

    public enum InitOutcome { WRITTEN, KEPT, REWRITTEN }

    private final Path dir;

    public LocalProject(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path composeFile() {
        return dir.resolve(COMPOSE_FILE);
    }

    public ProjectConfig config() {
        return new ConfigLoader().load(dir, null).config();
    }

    /** The folder's name made into a project name ("My_Shop" → "my-shop"), "app" when nothing is left. */
    public String defaultName() {
        Path fileName = dir.getFileName();
        String name = (fileName == null ? "" : fileName.toString()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9-]+", "-").replaceAll("^[^a-z]+", "");
        name = name.substring(0, Math.min(40, name.length())).replaceAll("-+$", "");
        return Names.isValid(name) ? name : "app";
    }

    public void requireDockerfile(ProjectConfig config) {
        String dockerfile = config.build().dockerfile();
        if (!Files.isRegularFile(dir.resolve(dockerfile))) {
            throw new NoDockerfileException("there is no " + dockerfile + " in " + dir + "; `slipway local` builds the web image from it,"
                    + " as the server does: add one, or name yours in slipway.yaml (build.dockerfile)");
        }
    }

    /** Throws unless a compose file exists and is Slipway's. */
    public void requireComposeFile() {
        if (!Files.exists(composeFile())) {
            throw new NoComposeFileException("there is no " + COMPOSE_FILE + " in " + dir + "; run `slipway local init` first");
        }
        requireSlipways();
    }

    public InitOutcome init(String name, boolean force, LocalOptions options) {
        ProjectConfig config = config();
        requireDockerfile(config);
        boolean exists = Files.exists(composeFile());
        if (exists) {
            requireSlipways();
        }
        if (!exists || force) {
            write(composeFile(), ComposeYaml.render(ComposeFiles.of(config, name, options)));
        }
        ensureLocalFiles();
        return !exists ? InitOutcome.WRITTEN : force ? InitOutcome.REWRITTEN : InitOutcome.KEPT;
    }

    /** {@code .env} (compose refuses to start without an env_file it names) and the media folder. */
    public void ensureLocalFiles() {
        try {
            Files.createDirectories(dir.resolve(LocalOptions.MEDIA_DIR));
            if (!Files.exists(dir.resolve(ComposeFiles.ENV_FILE))) {
                write(dir.resolve(ComposeFiles.ENV_FILE), ENV_TEMPLATE);
            }
            ignoreLocalFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The working tree's HEAD commit, or "" outside a Git repository (or before its first commit). */
    public String commit() {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(dir.toFile());
        if (builder.getGitDir() == null) {
            return "";
        }
        try (Repository repo = builder.build()) {
            ObjectId head = repo.resolve("HEAD");
            return head == null ? "" : head.name();
        } catch (IOException e) {
            return "";
        }
    }

    private void requireSlipways() {
        String text;
        try {
            text = Files.readString(composeFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + composeFile() + ": " + e.getMessage(), e);
        }
        if (!ComposeYaml.isSlipways(text)) {
            throw new ForeignComposeFileException(composeFile() + " was not written by Slipway (it has no '" + ComposeYaml.MARKER
                    + "' line), so Slipway neither overwrites nor runs it; rename it (e.g. to docker-compose.own.yml)"
                    + " and run `slipway local init`, or add that line at its top to let Slipway use it as it is");
        }
    }

    // .env holds the user's secrets and data/ the local database dumps and media: neither belongs in Git.
    private void ignoreLocalFiles() throws IOException {
        Path gitignore = dir.resolve(".gitignore");
        List<String> lines = Files.exists(gitignore) ? Files.readAllLines(gitignore) : List.of();
        List<String> missing = new ArrayList<>(IGNORED.stream().filter(entry -> !lines.contains(entry)).toList());
        if (missing.isEmpty()) {
            return;
        }
        String existing = Files.exists(gitignore) ? Files.readString(gitignore) : "";
        String prefix = existing.isEmpty() || existing.endsWith("\n") ? existing : existing + "\n";
        write(gitignore, prefix + String.join("\n", missing) + "\n");
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
