package dev.slipway.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "environments", description = "Adds environments beyond test and live.",
        subcommands = {EnvironmentsCommand.Create.class, DeleteCommands.Environment.class})
final class EnvironmentsCommand {

    @Command(name = "create", description = "Adds an environment (e.g. staging) to a project.")
    static final class Create implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String name;

        @Option(names = "--branch", description = "ref deployed when none is given; default: the repository's default branch")
        String branch;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("branch", branch);
            ApiClient.fromEnvironment().post("/api/v1/projects/" + project + "/environments", body);
            System.out.println("created environment " + name + " of " + project);
            return 0;
        }
    }
}
