package dev.slipway.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "slipway", mixinStandardHelpOptions = true, version = "slipway 0.1.0",
        description = "Deploys Git repositories with a Dockerfile, with zero downtime.",
        subcommands = {
            ServerCommand.class,
            QuickstartCommand.class,
            ProjectsCommand.class,
            EnvironmentsCommand.class,
            DeployCommand.class,
            RollbackCommand.class,
            StatusCommand.class,
            DeploymentsCommand.class,
            LogsCommand.class,
            LocalCommand.class,
            LintCommand.class,
            DomainsCommand.class,
            RouterCommand.class,
            EnvCommand.class,
            BuildsCommand.class,
        })
public final class Main {
    /** Exit codes: 0 success, 1 the deployment (or command) failed, 2 bad input, 3 server unreachable. */
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int UNREACHABLE = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ApiClient.ApiException api) {
                commandLine.getErr().println("error: " + api.getMessage());
                return api.status >= 500 ? FAILED : BAD_INPUT;
            }
            if (e instanceof UncheckedIOException io) {
                commandLine.getErr().println("error: " + io.getMessage());
                return UNREACHABLE;
            }
            if (e instanceof dev.slipway.project.InvalidInputException bad) {
                commandLine.getErr().println("error: " + bad.getMessage());
                return BAD_INPUT;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
