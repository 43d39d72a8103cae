package dev.slipway.build;

import dev.slipway.project.ConfigException;
import dev.slipway.project.ProjectConfig;
import dev.slipway.project.ProjectConfigParser;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds and reads a checkout's config: {@code slipway.yaml} (or {@code .yml}), else {@code Procfile}, else defaults. */
public final class ConfigLoader {
    public static final String DEFAULT_SOURCE = "defaults";
    // Far above any real config; stops a stray large file from being read into memory and error messages.
    private static final long MAX_BYTES = 1 << 20;

    public record LoadedConfig(ProjectConfig config, String source) {}

    /** {@code dockerfileOverride} (a project setting) replaces {@code build.dockerfile} when not null or blank. */
    public LoadedConfig load(Path dir, String dockerfileOverride) {
        Path yaml = dir.resolve("slipway.yaml");
        Path yml = dir.resolve("slipway.yml");
        if (Files.exists(yaml) && Files.exists(yml)) {
            throw new ConfigException("slipway.yml", 1, null, "exists next to slipway.yaml; keep only one of them");
        }
        LoadedConfig loaded;
        if (Files.exists(yaml) || Files.exists(yml)) {
            Path file = Files.exists(yaml) ? yaml : yml;
            String name = file.getFileName().toString();
            loaded = new LoadedConfig(ProjectConfigParser.parseYaml(read(dir, file), name), name);
        } else if (Files.exists(dir.resolve("Procfile"))) {
            loaded = new LoadedConfig(ProjectConfigParser.parseProcfile(read(dir, dir.resolve("Procfile")), "Procfile"), "Procfile");
        } else {
            loaded = new LoadedConfig(ProjectConfig.DEFAULT, DEFAULT_SOURCE);
        }
        return dockerfileOverride == null || dockerfileOverride.isBlank() ? loaded : withDockerfile(loaded, dockerfileOverride.strip());
    }

    private static LoadedConfig withDockerfile(LoadedConfig loaded, String dockerfile) {
        String problem = ProjectConfigParser.dockerfileProblem(dockerfile);
        if (problem != null) {
            throw new dev.slipway.project.InvalidInputException("dockerfile", "the project's Dockerfile setting " + problem);
        }
        ProjectConfig c = loaded.config();
        ProjectConfig.Build build = new ProjectConfig.Build(dockerfile, c.build().strictPins());
        return new LoadedConfig(new ProjectConfig(c.services(), c.web(), c.migrate(), c.processes(), build, c.resources()), loaded.source());
    }

    private static String read(Path dir, Path file) {
        String name = file.getFileName().toString();
        try {
            // The repository is the user's, but a symlink out of it would let it read the server's files.
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new ConfigException(name, 1, null, "is a link to outside the repository");
            }
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(name, 1, null, "is not a regular file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(name, 1, null, "is larger than " + MAX_BYTES / 1024 + " KiB");
            }
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new ConfigException(name, 1, null, "is not UTF-8 text");
        } catch (IOException e) {
            throw new CheckoutException("cannot read " + file, e);
        }
    }
}
