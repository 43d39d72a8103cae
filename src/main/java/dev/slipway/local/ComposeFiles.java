package dev.slipway.local;

import dev.slipway.project.ProjectConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compose file for a project's config: the one place that decides what runs locally. Mirrors
 * what a cloud container gets (DESIGN section 5) with local stand-ins for the services (section 7).
 */
public final class ComposeFiles {
    static final String DB_VOLUME = "db-data";
    static final String ENV_FILE = ".env";

    private ComposeFiles() {}

    /** {@code project} names the image and SLIPWAY_PROJECT; it is a valid project name. */
    public static ComposeFile of(ProjectConfig config, String project, LocalOptions options) {
        boolean postgres = config.services().contains("postgres");
        String image = imageName(project);
        ComposeService.Build build = new ComposeService.Build(".", config.build().dockerfile());
        Map<String, String> env = environment(config, project, options, postgres);
        Map<String, String> dependsOn = postgres ? Map.of(ComposeFile.DB, "service_healthy") : Map.of();
        List<String> media = List.of("./" + LocalOptions.MEDIA_DIR + ":" + LocalOptions.MEDIA_MOUNT);

        Map<String, ComposeService> services = new LinkedHashMap<>();
        String port = "127.0.0.1:${" + LocalOptions.PORT_VARIABLE + ":-" + options.defaultPort() + "}:" + config.web().port();
        services.put(ComposeFile.WEB, new ComposeService(build, image, shell(config.web().command()), true, List.of(ENV_FILE),
                env, List.of(port), media, dependsOn, null));
        // Processes repeat the build so that `up` can build a missing image whichever service it starts
        // first; the shared image name makes it one image, built once.
        config.processes().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(p ->
                services.put(p.getKey(), new ComposeService(build, image, shell(p.getValue().command()), true, List.of(ENV_FILE),
                        env, List.of(), media, dependsOn, null)));
        if (postgres) {
            services.put(ComposeFile.DB, db(options));
        }
        return new ComposeFile(services, postgres ? List.of(DB_VOLUME) : List.of());
    }

    public static String imageName(String project) {
        return "slipway-local/" + project + ":latest";
    }

    private static Map<String, String> environment(ProjectConfig config, String project, LocalOptions options, boolean postgres) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PORT", Integer.toString(config.web().port()));
        env.put("SLIPWAY_PROJECT", project);
        env.put("SLIPWAY_ENVIRONMENT", options.environment());
        // Filled in by `slipway local` from the working tree's HEAD; empty outside a Git repository.
        env.put("SLIPWAY_COMMIT", "${" + LocalOptions.COMMIT_VARIABLE + ":-}");
        if (postgres) {
            env.put("DATABASE_URL", "postgres://" + LocalOptions.DB_USER + ":" + LocalOptions.DB_PASSWORD + "@" + ComposeFile.DB
                    + ":5432/" + LocalOptions.DB_NAME);
        }
        env.put("STORAGE_URL", "file://" + LocalOptions.MEDIA_MOUNT);
        return env;
    }

    private static ComposeService db(LocalOptions options) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("POSTGRES_USER", LocalOptions.DB_USER);
        env.put("POSTGRES_PASSWORD", LocalOptions.DB_PASSWORD);
        env.put("POSTGRES_DB", LocalOptions.DB_NAME);
        ComposeService.Healthcheck health = new ComposeService.Healthcheck(
                List.of("CMD-SHELL", "pg_isready -U " + LocalOptions.DB_USER + " -d " + LocalOptions.DB_NAME), "2s", "5s", 30);
        return new ComposeService(null, options.postgresImage(), null, false, List.of(), env, List.of(),
                List.of(DB_VOLUME + ":/var/lib/postgresql/data"), Map.of(), health);
    }

    /**
     * As in the cloud, a command runs as /bin/sh -c "…". Compose would substitute $VARIABLES in it from
     * the laptop's shell when it reads the file; doubling each $ leaves them for the container's shell.
     */
    static List<String> shell(String command) {
        return command == null ? null : List.of("/bin/sh", "-c", command.replace("$", "$$"));
    }
}
