package dev.slipway.project;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Heroku's Procfile: {@code name: command} per line; {@code web} and {@code release} are special. */
final class Procfile {
    // Heroku accepts [A-Za-z0-9_-]+ before the colon; we read that much and then apply our stricter names,
    // so that 'Worker: x' is reported as a bad name rather than as a malformed line.
    private static final Pattern LINE = Pattern.compile("([A-Za-z0-9_-]+)\\s*:\\s*(.*)");

    private Procfile() {}

    static ProjectConfig parse(String text, String fileName) {
        String web = null;
        List<String> migrate = new ArrayList<>();
        Map<String, ProjectConfig.Process> processes = new LinkedHashMap<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        String[] lines = text.split("\\r?\\n|\\r", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new ConfigException(fileName, lineNo, null, "is not a 'name: command' line: '" + line + "'");
            }
            String name = m.group(1);
            String command = m.group(2).strip();
            if (command.isEmpty()) {
                throw new ConfigException(fileName, lineNo, name, "has no command");
            }
            Integer first = seen.putIfAbsent(name, lineNo);
            if (first != null) {
                throw new ConfigException(fileName, lineNo, name, "is given twice (first on line " + first + ")");
            }
            switch (name) {
                case "web" -> web = command;
                case "release" -> migrate.add(command);
                default -> {
                    String problem = ProjectConfigParser.processNameProblem(name);
                    if (problem != null) {
                        throw new ConfigException(fileName, lineNo, name, problem);
                    }
                    processes.put(name, new ProjectConfig.Process(command, 1));
                }
            }
        }
        ProjectConfig.Web defaults = ProjectConfig.Web.DEFAULT;
        ProjectConfig.Web webConfig = new ProjectConfig.Web(defaults.port(), defaults.replicas(), defaults.health(), defaults.drainTimeout(), web);
        return new ProjectConfig(List.of(), webConfig, migrate, processes, ProjectConfig.Build.DEFAULT);
    }
}
