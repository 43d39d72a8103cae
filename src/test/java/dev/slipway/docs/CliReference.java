package dev.slipway.docs;

import dev.slipway.cli.Main;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** docs/reference/cli.md, written from picocli's model of the commands Main runs: nothing is typed twice. */
final class CliReference {
    static final String PAGE = "docs/reference/cli.md";

    private CliReference() {}

    static String generate() {
        CommandLine root = new CommandLine(new Main());
        List<CommandLine> all = new ArrayList<>();
        collect(root, all);
        StringBuilder page = new StringBuilder();
        page.append("# CLI reference\n\n")
                .append("<!-- Generated from the code by scripts/refresh-docs.sh; edit the commands' annotations, not this page. -->\n\n")
                .append("Every command of `slipway`, as `slipway COMMAND --help` prints it. Every command also takes ")
                .append("`-h`/`--help` and `-V`/`--version`. Client commands talk to `SLIPWAY_URL` ")
                .append("(default `http://127.0.0.1:8000`) with the token in `SLIPWAY_TOKEN` (or the one `slipway login` saved). ")
                .append("Exit codes: 0 success, 1 the deployment (or command) failed, 2 bad input, ")
                .append("3 the server cannot be reached or refuses the token.\n\n")
                .append("```sh runnable\nslipway --help\nslipway deploy --help\n```\n\n")
                .append("A first session against a running server: register a repository, deploy it to test, promote the very ")
                .append("image to live, and ask what runs where.\n\n")
                .append("```sh runnable\nslipway projects create hello --repo \"$SAMPLE_REPO\"\nslipway deploy hello test\n")
                .append("slipway deploy hello live\nslipway status hello\nslipway deployments hello\n")
                .append("curl -fsS -H 'Host: test.hello.localhost' \"$SLIPWAY_ROUTER/\"\n```\n\n");
        for (CommandLine command : all) {
            String name = command.getCommandSpec().qualifiedName();
            page.append("- [`").append(name).append("`](#").append(Anchors.of(name)).append(")\n");
        }
        for (CommandLine command : all) {
            section(command.getCommandSpec(), command == root, page);
        }
        return page.toString();
    }

    private static void collect(CommandLine command, List<CommandLine> all) {
        if (command.getCommandSpec().usageMessage().hidden()) return;
        all.add(command);
        // subcommands() holds each alias too; the same CommandLine once is enough.
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, all));
    }

    private static void section(CommandSpec spec, boolean root, StringBuilder page) {
        page.append("\n## ").append(spec.qualifiedName()).append("\n\n");
        String description = String.join(" ", spec.usageMessage().description()).strip();
        if (!description.isEmpty()) page.append(description).append("\n\n");
        if (spec.aliases().length > 0) page.append("Also: `").append(String.join("`, `", spec.aliases())).append("`.\n\n");
        String synopsis = new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).stripTrailing();
        page.append("```\n").append(synopsis).append("\n```\n");
        List<String[]> rows = new ArrayList<>();
        for (PositionalParamSpec parameter : spec.positionalParameters()) {
            if (!parameter.hidden()) rows.add(new String[] {parameter.paramLabel(), defaultOf(parameter), text(parameter)});
        }
        for (OptionSpec option : spec.options()) {
            boolean standard = option.usageHelp() || option.versionHelp();
            if (option.hidden() || (standard && !root)) continue;
            String names = String.join(", ", option.names()) + (option.typeInfo().isBoolean() ? "" : " " + option.paramLabel());
            rows.add(new String[] {names, standard ? "" : defaultOf(option), text(option)});
        }
        if (!rows.isEmpty()) {
            page.append("\n| option or parameter | default | description |\n| --- | --- | --- |\n");
            for (String[] row : rows) {
                String value = row[1].isEmpty() || row[1].equals("required") ? row[1] : "`" + cell(row[1]) + "`";
                page.append("| `").append(cell(row[0])).append("` | ").append(value)
                        .append(" | ").append(cell(row[2])).append(" |\n");
            }
        }
        List<String> subcommands = spec.subcommands().values().stream().distinct()
                .filter(sub -> !sub.getCommandSpec().usageMessage().hidden())
                .map(sub -> "[`" + sub.getCommandName() + "`](#" + Anchors.of(sub.getCommandSpec().qualifiedName()) + ")").toList();
        if (!subcommands.isEmpty()) page.append("\nCommands: ").append(String.join(", ", subcommands)).append(".\n");
    }

    private static String defaultOf(ArgSpec arg) {
        if (arg.required()) return "required";
        String value = arg.defaultValueString(true);
        if (value == null || value.equals("null") || value.equals("[]")) return "";
        // A default under the home folder (--ssh-dir) is written as a user reads it, so the page is the same on every machine.
        String home = System.getProperty("user.home");
        return value.startsWith(home + "/") ? "~" + value.substring(home.length()) : value;
    }

    private static String text(ArgSpec arg) {
        return String.join(" ", arg.description()).replace("${DEFAULT-VALUE}", defaultOf(arg)).strip();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
