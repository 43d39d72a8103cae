package dev.slipway.project;

import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads {@code slipway.yaml} (DESIGN section 6) and {@code Procfile} text into a {@link ProjectConfig}.
 * No I/O: strings in, records out. Errors are {@link ConfigException}s that name file, line and key.
 *
 * <p>The YAML is read through SnakeYAML's node API rather than into maps because only nodes keep
 * their line numbers, and because maps would silently drop duplicate keys.
 */
public final class ProjectConfigParser {
    public static final List<String> SERVICES = List.of("postgres", "storage");
    public static final int MAX_REPLICAS = 20;
    public static final int MAX_HEALTH_PATH = 1024;

    private static final List<String> TOP = List.of("services", "web", "migrate", "processes", "build", "resources");
    private static final List<String> WEB = List.of("port", "replicas", "health", "drain_timeout", "command");
    private static final List<String> HEALTH = List.of("path", "timeout", "interval", "successes");
    private static final List<String> PROCESS = List.of("command", "replicas");
    public static final String PROCESS_NAME = "<name>";
    private static final List<String> BUILD = List.of("dockerfile", "strict_pins");
    private static final List<String> RESOURCES = List.of("memory", "cpus", "pids");
    /** The known keys of each mapping below the top, by dotted path; a process's own name is written {@code <name>}. */
    private static final Map<String, List<String>> SECTIONS = Map.of(
            "web", WEB, "web.health", HEALTH, "processes", List.of(PROCESS_NAME), "processes." + PROCESS_NAME, PROCESS,
            "build", BUILD, "resources", RESOURCES);
    // Docker refuses less than 6 MiB; below a few MiB nothing but a static binary starts anyway.
    public static final long MIN_MEMORY = 6L * 1024 * 1024;
    public static final long MAX_MEMORY = 1024L * 1024 * 1024 * 1024;
    private static final java.util.regex.Pattern CPUS = java.util.regex.Pattern.compile("([0-9]{1,4})(?:\\.([0-9]{1,3}))?");

    private ProjectConfigParser() {}

    public static ProjectConfig parseYaml(String text, String fileName) {
        YamlSection top = YamlSection.of(fileName, "", compose(text, fileName), TOP);
        return new ProjectConfig(
                top.strings("services", ProjectConfigParser::serviceProblem),
                web(top.section("web", WEB)),
                top.strings("migrate", command -> command.isBlank() ? "must not contain an empty command" : null),
                processes(top.section("processes", null)),
                build(top.section("build", BUILD)),
                resources(top.section("resources", RESOURCES)));
    }

    /**
     * Every key {@code slipway.yaml} accepts, as dotted paths in file order ({@code web}, {@code web.port}, …,
     * {@code processes.<name>.command}), from the same lists the parser checks, so the reference cannot drift.
     */
    public static List<String> knownKeys() {
        List<String> keys = new java.util.ArrayList<>();
        addKeys("", TOP, keys);
        return List.copyOf(keys);
    }

    private static void addKeys(String prefix, List<String> names, List<String> keys) {
        for (String name : names) {
            String key = prefix + name;
            keys.add(key);
            List<String> below = SECTIONS.get(key);
            if (below != null) addKeys(key + ".", below, keys);
        }
    }

    public static ProjectConfig parseProcfile(String text, String fileName) {
        return Procfile.parse(text, fileName);
    }

    /** YAML that {@link #parseYaml} reads back to an equal config; used to snapshot a release's config. */
    public static String render(ProjectConfig config) {
        return ConfigRenderer.render(config);
    }

    /** Null when {@code path} is a usable Dockerfile path inside the checkout, else the problem. */
    public static String dockerfileProblem(String path) {
        if (path == null || path.isBlank()) {
            return "must not be empty";
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.matches("^[A-Za-z]:.*")) {
            return "must be a path relative to the repository root, not '" + path + "'";
        }
        // Walk the segments instead of using java.nio Path: the answer must not depend on the host OS.
        int depth = 0;
        for (String segment : path.split("[/\\\\]")) {
            if (segment.equals("..")) {
                depth--;
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                depth++;
            }
            if (depth < 0) {
                return "must stay inside the repository, but '" + path + "' leaves it with '..'";
            }
        }
        return depth == 0 ? "must name a file, not '" + path + "'" : null;
    }

    /**
     * Null when {@code path} can go into the health check's request line as it is, else the problem:
     * a space or line break there would end the line early or add a header.
     */
    static String healthPathProblem(String path) {
        if (!path.startsWith("/")) {
            return "must start with '/', not '" + path + "'";
        }
        if (path.length() > MAX_HEALTH_PATH) {
            return "has " + path.length() + " characters; at most " + MAX_HEALTH_PATH + " characters are allowed";
        }
        if (path.chars().anyMatch(c -> c == ' ' || Character.isISOControl(c) || Character.isWhitespace(c))) {
            return "must not contain a space or a control character (encode a space as %20)";
        }
        try {
            new URI("http://localhost" + path);
        } catch (URISyntaxException e) {
            return "is not a valid URL path: " + e.getReason() + " at character " + (e.getIndex() - "http://localhost".length() + 1);
        }
        return null;
    }

    /** Null when {@code name} can name an extra process, else the problem. */
    static String processNameProblem(String name) {
        if (name.equals("web")) {
            return "is reserved: the web process is configured under 'web'";
        }
        if (!Names.isValid(name)) {
            return "is not a valid process name: use 1-40 characters a-z, 0-9 and '-', starting with a letter and not ending with '-'";
        }
        return null;
    }

    private static Node compose(String text, String fileName) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowRecursiveKeys(false);
        // A config file has no business expanding aliases into a large document.
        options.setMaxAliasesForCollections(20);
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 1 : mark.getLine() + 1;
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() == null ? "" : " " + e.getContext();
            throw new ConfigException(fileName, line, null, "is not valid YAML: " + problem + context);
        } catch (YAMLException e) {
            throw new ConfigException(fileName, 1, null, "is not valid YAML: " + e.getMessage());
        }
    }

    private static String serviceProblem(String service) {
        return SERVICES.contains(service) ? null : "has unknown service '" + service + "' (known: " + String.join(", ", SERVICES) + ")";
    }

    private static ProjectConfig.Web web(YamlSection web) {
        String command = web.string("command", null);
        if (command != null && command.isBlank()) {
            throw web.problem("command", "must not be empty; leave it out to use the image's CMD");
        }
        return new ProjectConfig.Web(
                web.integer("port", ProjectConfig.Web.DEFAULT_PORT, 1, 65535),
                web.integer("replicas", 1, 1, MAX_REPLICAS),
                health(web.section("health", HEALTH)),
                web.duration("drain_timeout", ProjectConfig.Web.DEFAULT_DRAIN_TIMEOUT, true),
                command);
    }

    private static ProjectConfig.Health health(YamlSection health) {
        String path = health.string("path", "/");
        String problem = healthPathProblem(path);
        if (problem != null) {
            throw health.problem("path", problem);
        }
        return new ProjectConfig.Health(
                path,
                health.duration("timeout", ProjectConfig.Health.DEFAULT_TIMEOUT, false),
                health.duration("interval", ProjectConfig.Health.DEFAULT_INTERVAL, false),
                health.integer("successes", ProjectConfig.Health.DEFAULT_SUCCESSES, 1, 1000));
    }

    private static Map<String, ProjectConfig.Process> processes(YamlSection section) {
        Map<String, ProjectConfig.Process> processes = new LinkedHashMap<>();
        for (String name : section.keys()) {
            String problem = processNameProblem(name);
            if (problem != null) {
                throw new ConfigException(section.file(), section.keyLine(name), section.path() + "." + name, problem);
            }
            YamlSection process = section.section(name, PROCESS);
            processes.put(name, new ProjectConfig.Process(
                    process.requiredString("command", section.keyLine(name)),
                    process.integer("replicas", 1, 0, MAX_REPLICAS)));
        }
        return processes;
    }

    private static ProjectConfig.Build build(YamlSection build) {
        String dockerfile = build.string("dockerfile", ProjectConfig.Build.DEFAULT.dockerfile());
        String problem = dockerfileProblem(dockerfile);
        if (problem != null) {
            throw build.problem("dockerfile", problem);
        }
        return new ProjectConfig.Build(dockerfile, build.bool("strict_pins", false));
    }

    private static ProjectConfig.Resources resources(YamlSection resources) {
        String memoryText = resources.string("memory", null);
        long memory = ProjectConfig.Resources.DEFAULT_MEMORY;
        if (memoryText != null) {
            Long parsed = Sizes.parse(memoryText);
            if (parsed == null) {
                throw resources.problem("memory", "must be a size like 256m or 1g (k, m, g; a bare number means bytes), not '" + memoryText + "'");
            }
            if (parsed < MIN_MEMORY || parsed > MAX_MEMORY) {
                throw resources.problem("memory", "must be between 6m and 1024g, not '" + memoryText + "'");
            }
            memory = parsed;
        }
        String cpusText = resources.string("cpus", null);
        int milliCpus = ProjectConfig.Resources.DEFAULT_MILLI_CPUS;
        if (cpusText != null) {
            java.util.regex.Matcher m = CPUS.matcher(cpusText.trim());
            if (!m.matches()) {
                throw resources.problem("cpus", "must be a number of cores like 1 or 0.5, not '" + cpusText + "'");
            }
            String fraction = m.group(2) == null ? "" : m.group(2);
            milliCpus = Integer.parseInt(m.group(1)) * 1000 + (fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00").substring(0, 3)));
            if (milliCpus < 10 || milliCpus > 1_024_000) {
                throw resources.problem("cpus", "must be between 0.01 and 1024, not '" + cpusText + "'");
            }
        }
        return new ProjectConfig.Resources(memory, milliCpus, resources.integer("pids", ProjectConfig.Resources.DEFAULT_PIDS, 16, 1_000_000));
    }
}
