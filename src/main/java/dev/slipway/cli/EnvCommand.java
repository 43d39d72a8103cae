package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.project.InvalidInputException;
import dev.slipway.project.Variables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "env", description = "Sets, unsets and lists an environment's variables (values are never shown).",
        subcommands = {EnvCommand.Set.class, EnvCommand.Unset.class, EnvCommand.ListVariables.class})
final class EnvCommand {

    static String path(String project, String environment) {
        return "/api/v1/projects/" + project + "/environments/" + environment + "/variables";
    }

    /** Prints names with the mask: the API never returns a value, and neither does the CLI. */
    static void print(JsonNode list) {
        if (list == null || list.isEmpty()) {
            System.out.println("(no variables)");
            return;
        }
        list.forEach(v -> System.out.println(v.get("name").asText() + "=" + v.get("value").asText()));
    }

    @Command(name = "set", description = "Sets variables, all or none: slipway env set P ENV NAME=VALUE [NAME=VALUE...]. "
            + "They reach the containers at the next deployment.")
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "NAME=VALUE") List<String> assignments;

        @Override
        public Integer call() {
            Map<String, String> variables = new LinkedHashMap<>();
            for (String a : assignments) {
                int eq = a.indexOf('=');
                if (eq <= 0) {
                    // Only the part before '=' could be a name; never echo what may be a value.
                    throw new InvalidInputException("NAME=VALUE", "each argument must be NAME=VALUE (argument " + (assignments.indexOf(a) + 1) + " is not)");
                }
                variables.put(a.substring(0, eq), a.substring(eq + 1));
            }
            Variables.requireValid(variables);
            JsonNode list = ApiClient.fromEnvironment().post(path(project, environment), Map.of("variables", variables));
            System.out.println("set " + String.join(", ", variables.keySet()) + " on " + project + "/" + environment + " (used from the next deployment)");
            print(list);
            return 0;
        }
    }

    @Command(name = "unset", description = "Removes variables: slipway env unset P ENV NAME [NAME...].")
    static final class Unset implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;
        @Parameters(index = "2..*", arity = "1..*", paramLabel = "NAME") List<String> names;

        @Override
        public Integer call() {
            ApiClient api = ApiClient.fromEnvironment();
            JsonNode list = null;
            for (String name : names) {
                list = api.delete(path(project, environment) + "/" + name);
            }
            System.out.println("unset " + String.join(", ", names) + " on " + project + "/" + environment);
            print(list);
            return 0;
        }
    }

    @Command(name = "list", description = "Lists the variables' names (values are masked).")
    static final class ListVariables implements Callable<Integer> {
        @Parameters(index = "0") String project;
        @Parameters(index = "1") String environment;

        @Override
        public Integer call() {
            print(ApiClient.fromEnvironment().get(path(project, environment)));
            return 0;
        }
    }
}
