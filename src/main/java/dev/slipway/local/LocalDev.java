package dev.slipway.local;

import dev.slipway.project.ProjectConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The `slipway local` commands over one project folder. Each returns the compose tool's exit code,
 * so that scripts and CI see what compose saw; bad input throws a message that says what to do.
 */
public final class LocalDev {
    // What the Docker engine says when the published port is taken (by a program, or by another container).
    private static final Pattern PORT_TAKEN = Pattern.compile("address already in use|port is already allocated");

    private final LocalProject project;
    private final ComposeRunner compose;
    private final Map<String, String> env;
    private final LocalOptions options;
    private final Consumer<String> out;

    LocalDev(LocalProject project, ComposeRunner compose, Map<String, String> env, LocalOptions options, Consumer<String> out) {
        this.project = project;
        this.compose = compose;
        this.env = env;
        this.options = options;
        this.out = out;
    }

    /**
     * {@code env} is the caller's environment (PATH, SLIPWAY_LOCAL_PORT, DOCKER_HOST…); compose also
     * gets SLIPWAY_COMMIT, the folder's HEAD. {@code composeProject} is compose's -p, or null.
     */
    public static LocalDev open(Path dir, String composeProject, Map<String, String> env, LocalOptions options, Consumer<String> out) {
        LocalProject project = new LocalProject(dir);
        ComposeTool tool = ComposeTool.detect(env);
        Map<String, String> composeEnv = new HashMap<>(env);
        composeEnv.putIfAbsent(LocalOptions.COMMIT_VARIABLE, project.commit());
        return new LocalDev(project, new ComposeRunner(tool, project.dir(), composeProject, composeEnv), composeEnv, options, out);
    }

    public LocalProject project() {
        return project;
    }

    /** The local database and media, for pull-db, push-db, pull-media and push-media. */
    public LocalData data() {
        return new LocalData(project, compose, options, out);
    }

    /** {@code name} null: the folder's name. */
    public LocalProject.InitOutcome init(String name, boolean force) {
        String projectName = name == null ? project.defaultName() : dev.slipway.project.Names.require("name", name);
        LocalProject.InitOutcome outcome = project.init(projectName, force, options);
        out.accept(switch (outcome) {
            case WRITTEN -> "wrote " + LocalProject.COMPOSE_FILE + " (project " + projectName + "); your own variables go in .env";
            case REWRITTEN -> "wrote " + LocalProject.COMPOSE_FILE + " again from the project's config (project " + projectName + ")";
            case KEPT -> "kept the existing " + LocalProject.COMPOSE_FILE + " (--force writes it again from the project's config)";
        });
        return outcome;
    }

    public int build(boolean noCache) {
        prepare();
        return compose.run(ComposeCommands.build(noCache), options.buildTimeout(), out).exitCode();
    }

    /** Detached; never runs migrations (`migrate` does, when asked). */
    public int up() {
        ProjectConfig config = prepare();
        int port = LocalPort.resolve(env, project.dir(), options.defaultPort());
        if (!LocalPort.isFree(port) && !publishedByUs(config, port)) {
            throw LocalPort.taken(port);
        }
        ComposeRunner.Result result = compose.run(ComposeCommands.up(), options.buildTimeout(), out);
        if (!result.ok()) {
            if (result.tail().stream().anyMatch(line -> PORT_TAKEN.matcher(line).find())) {
                throw LocalPort.taken(port);
            }
            return failed(result, "up");
        }
        out.accept("web: http://127.0.0.1:" + port + "/ (migrations are not run by up: `slipway local migrate` runs them)");
        return 0;
    }

    /** Each migration command, in order, in a one-off web container; stops at the first that fails. */
    public int migrate() {
        ProjectConfig config = prepare();
        if (config.migrate().isEmpty()) {
            out.accept("no migration commands in the project's config");
            return 0;
        }
        for (String command : config.migrate()) {
            out.accept("$ " + command);
            ComposeRunner.Result result = compose.run(ComposeCommands.migrate(command), options.commandTimeout(), out);
            if (result.timedOut()) {
                out.accept("migration '" + command + "' did not finish within " + options.commandTimeout().toSeconds() + " s");
                return 1;
            }
            if (result.exitCode() != 0) {
                out.accept("migration '" + command + "' exited with code " + result.exitCode());
                return result.exitCode();
            }
        }
        return 0;
    }

    public int down(boolean volumes) {
        project.requireComposeFile();
        return failed(compose.run(ComposeCommands.down(volumes), options.commandTimeout(), out), "down");
    }

    public int logs(boolean follow, List<String> services) {
        project.requireComposeFile();
        return compose.run(ComposeCommands.logs(follow, services), follow ? null : options.commandTimeout(), out).exitCode();
    }

    public int ps() {
        project.requireComposeFile();
        return compose.run(ComposeCommands.ps(), options.commandTimeout(), out).exitCode();
    }

    /** The project's config, a Dockerfile, a compose file of Slipway's (written when missing), .env and data/media. */
    private ProjectConfig prepare() {
        ProjectConfig config = project.config();
        project.requireDockerfile(config);
        if (!Files.exists(project.composeFile())) {
            init(null, false);
        }
        project.requireComposeFile();
        project.ensureLocalFiles();
        return config;
    }

    // Running `up` again while the web runs: the port is ours, not taken.
    private boolean publishedByUs(ProjectConfig config, int port) {
        ComposeRunner.Result result = compose.run(ComposeCommands.port(config.web().port()), options.commandTimeout(), line -> { });
        return result.ok() && result.tail().stream().anyMatch(line -> line.strip().endsWith(":" + port));
    }

    private int failed(ComposeRunner.Result result, String what) {
        if (result.timedOut()) {
            out.accept(what + " did not finish in time and was stopped");
            return 1;
        }
        return result.exitCode();
    }
}
