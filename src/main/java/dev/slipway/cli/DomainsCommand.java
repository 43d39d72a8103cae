package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "domains", description = "Custom hosts an environment answers at, besides <env>.<project>.<base-domain>.",
        subcommands = {DomainsCommand.Add.class, DomainsCommand.Remove.class, DomainsCommand.List.class})
final class DomainsCommand {

    static String path(String project, String environment) {
        return "/api/v1/projects/" + project + "/environments/" + environment + "/domains";
    }

    @Command(name = "add", description = "Makes the environment answer at HOST (a host belongs to one environment).")
    static final class Add implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;
        @Parameters(index = "2") String host;

        @Override
        public Integer call() {
            JsonNode added = ApiClient.fromEnvironment().post(path(project, environment), Map.of("host", host));
            System.out.println(environment + "." + project + " answers at " + added.get("host").asText());
            return 0;
        }
    }

    @Command(name = "remove", description = "Stops answering at HOST.")
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;
        @Parameters(index = "2") String host;

        @Override
        public Integer call() {
            ApiClient.fromEnvironment().delete(path(project, environment) + "/" + URLEncoder.encode(host, StandardCharsets.UTF_8));
            System.out.println("removed " + host + " from " + environment + "." + project);
            return 0;
        }
    }

    @Command(name = "list", description = "The environment's generated host and custom domains.")
    static final class List implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;

        @Override
        public Integer call() {
            JsonNode answer = ApiClient.fromEnvironment().get(path(project, environment));
            System.out.println(answer.get("generated").asText() + " (generated)");
            answer.get("domains").forEach(d -> System.out.println(d.get("host").asText()));
            return 0;
        }
    }
}
