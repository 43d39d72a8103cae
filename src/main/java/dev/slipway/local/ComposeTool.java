package dev.slipway.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Which compose program to call: {@code docker compose} (v2 plugin) when it answers, else {@code docker-compose} (v1). */
public record ComposeTool(List<String> command) {
    public static final ComposeTool V2 = new ComposeTool(List.of("docker", "compose"));
    public static final ComposeTool V1 = new ComposeTool(List.of("docker-compose"));
    private static final long PROBE_SECONDS = 30;

    public ComposeTool {
        command = List.copyOf(command);
    }

    /** Looks along {@code env}'s PATH; throws {@link NoComposeToolException} saying what to install. */
    public static ComposeTool detect(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        Path docker = find(path, "docker");
        if (docker != null && answers(List.of(docker.toString(), "compose", "version"), env)) {
            return new ComposeTool(List.of(docker.toString(), "compose"));
        }
        Path v1 = find(path, "docker-compose");
        if (v1 != null && answers(List.of(v1.toString(), "version"), env)) {
            return new ComposeTool(List.of(v1.toString()));
        }
        throw new NoComposeToolException("neither `docker compose` (v2) nor `docker-compose` (v1) runs on this machine"
                + (docker == null ? " (no `docker` on PATH either)" : "")
                + "; install Docker Compose (the docker-compose-plugin package, or `apt-get install docker-compose`) and try again");
    }

    public String describe() {
        return String.join(" ", command.stream().map(c -> Path.of(c).getFileName().toString()).toList());
    }

    private static Path find(String path, String name) {
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean answers(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().clear();
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            if (!p.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
