package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

// scope INHERIT: every subcommand, present and future, answers --help and --version.
@Command(name = "slipway", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, version = "slipway 0.1.0",
        description = "Deploys Git repositories with a Dockerfile, with zero downtime.",
        subcommands = {
            ServerCommand.class,
            QuickstartCommand.class,
            ProjectsCommand.class,
            EnvironmentsCommand.class,
            DeployCommand.class,
            RollbackCommand.class,
            CancelCommand.class,
            StatusCommand.class,
            DeploymentsCommand.class,
            LogsCommand.class,
            LocalCommand.class,
            LintCommand.class,
            DomainsCommand.class,
            RouterCommand.class,
            EnvCommand.class,
            BuildsCommand.class,
            LoginCommand.class,
        })
public final class Main {
    /** Exit codes: 0 success, 1 the deployment (or command) failed, 2 bad input, 3 the server cannot be reached or refuses the token. */
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int UNREACHABLE = 3;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        Numbers.register(cli);
        cli.setParameterExceptionHandler(CliErrors::badCommandLine);
        cli.setExecutionExceptionHandler(CliErrors::whileRunning);
        return cli.execute(helpWordAsOption(args));
    }

    /**
     * `slipway help [COMMAND…]` as `slipway [COMMAND…] --help`: the word newcomers type first. Not a subcommand, so the
     * command tree (and the generated CLI reference) stays as it is.
     */
    private static String[] helpWordAsOption(String[] args) {
        if (args.length == 0 || !args[0].equals("help")) return args;
        String[] asked = java.util.Arrays.copyOfRange(args, 1, args.length + 1);
        asked[asked.length - 1] = "--help";
        return asked;
    }
}
