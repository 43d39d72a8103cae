package dev.slipway.build;

import dev.slipway.build.DockerfileInstructions.Instruction;
import dev.slipway.build.ShellCommands.Word;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pin advisories (DESIGN section 3): the build inputs a Dockerfile leaves to "whatever is newest at
 * build time". Reads files only; no engine, no network. Used by every build and by {@code slipway lint}.
 */
public final class PinAdvisor {
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}?");

    /** What a Dockerfile yields: its advisories (file order) and the image its final stage starts from. */
    public record Result(List<Advisory> advisories, String baseImage) {}

    private final Path dir;

    /** {@code dir} is the build context (the repository); file names in advisories are relative to it. */
    public PinAdvisor(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /**
     * The advisories of {@code dockerfile} (relative to the directory) and of the files its installs
     * read. Only a Dockerfile that cannot be read is an {@link UnreadableInputException}; an input
     * that cannot be traced is an advisory and the check goes on.
     */
    public Result check(String dockerfile) {
        Path file = dir.resolve(dockerfile).normalize();
        if (!file.startsWith(dir)) {
            throw new UnreadableInputException("Dockerfile " + dockerfile + " lies outside the repository; name a file inside it");
        }
        String shown = relative(file);
        if (!Files.isRegularFile(file)) {
            throw new UnreadableInputException("Dockerfile not found: " + shown + "; add it to the repository or set build.dockerfile in slipway.yaml");
        }
        List<Instruction> instructions = DockerfileInstructions.parse(InstallInputs.read(dir, file, shown + " (the Dockerfile)"));
        List<Advisory> out = new ArrayList<>();
        InstallInputs inputs = new InstallInputs(dir, shown, out);
        Map<String, String> args = new HashMap<>();
        Map<String, Stage> stages = new HashMap<>(); // by name (lower case) and by index
        Stage stage = null;
        for (Instruction in : instructions) {
            switch (in.keyword()) {
                case "ARG" -> {
                    if (stage == null) {
                        globalArg(in.body(), args);
                    } else {
                        stageArg(in.body(), args, stage.env);
                    }
                }
                case "FROM" -> {
                    stage = stage(in, args, stages, shown, out);
                }
                case "ENV" -> {
                    if (stage != null) env(in.body(), stage.env);
                }
                case "WORKDIR" -> {
                    if (stage != null) stage.workdir = ImagePath.resolve(stage.workdir, orRaw(in.body().strip(), stage.env));
                }
                case "COPY", "ADD" -> {
                    if (stage != null) copy(in, stage, stages, shown);
                }
                case "RUN" -> {
                    if (stage != null) run(in, shown, stage, stages, inputs, out);
                }
                default -> { }
            }
        }
        out.addAll(inputs.fileAdvisories());
        return new Result(List.copyOf(out), stage == null ? null : stage.base);
    }

    /** What a stage has so far: its working directory, ENV and ARG values, where its files come from, and its external base image. */
    private static final class Stage {
        String workdir;
        final Map<String, String> env;
        final ImageFiles files;
        final String base;

        Stage(String workdir, Map<String, String> env, ImageFiles files, String base) {
            this.workdir = workdir;
            this.env = env;
            this.files = files;
            this.base = base;
        }
    }

    private Stage stage(Instruction in, Map<String, String> args, Map<String, Stage> stages, String shown, List<Advisory> out) {
        List<String> words = new ArrayList<>(List.of(in.body().strip().split("\\s+")));
        words.removeIf(w -> w.startsWith("--"));
        String image = words.isEmpty() ? null : substitute(words.get(0), args);
        Stage parent = image == null ? null : stages.get(image.toLowerCase(Locale.ROOT));
        String base = parent != null ? parent.base : from(in, shown, args, out);
        Stage stage = parent != null
                ? new Stage(parent.workdir, new HashMap<>(parent.env), parent.files.copy(), base)
                : new Stage("/", new HashMap<>(), new ImageFiles(dir), base);
        stages.put(Integer.toString((int) stages.values().stream().distinct().count()), stage); // COPY --from=0
        if (words.size() >= 3 && words.get(1).equalsIgnoreCase("as")) stages.put(words.get(2).toLowerCase(Locale.ROOT), stage);
        return stage;
    }

    private void copy(Instruction in, Stage stage, Map<String, Stage> stages, String shown) {
        CopySpec spec = CopySpec.parse(in);
        if (spec == null) return;
        spec = substituted(spec, stage.env);
        Stage from = spec.from() == null ? null : stages.get(spec.from().toLowerCase(Locale.ROOT));
        stage.files.add(spec, stage.workdir, from == null ? null : from.files, spec.how(shown));
    }

    private static CopySpec substituted(CopySpec spec, Map<String, String> env) {
        return new CopySpec(spec.keyword(), spec.line(), spec.from() == null ? null : orRaw(spec.from(), env), spec.parents(),
                spec.sources().stream().map(s -> orRaw(s, env)).toList(), orRaw(spec.destination(), env), spec.heredocs());
    }

    /** The external image a stage starts from, with its advisory when it is unpinned; null when it names none. */
    private String from(Instruction in, String shown, Map<String, String> args, List<Advisory> out) {
        List<String> words = new ArrayList<>(List.of(in.body().strip().split("\\s+")));
        words.removeIf(w -> w.startsWith("--")); // --platform=…
        if (words.isEmpty() || words.get(0).isEmpty()) return null;
        String image = substitute(words.get(0), args);
        if (image == null || image.equals("scratch") || image.contains("@")) return image; // a digest pins it
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        String tag = colon > slash ? image.substring(colon + 1) : null;
        if (tag == null) {
            out.add(new Advisory(shown, in.line(), "base-unpinned", "FROM " + image + " has no tag or digest (that means :latest); pin a version, e.g. " + image + ":1.2"));
        } else if (tag.equals("latest")) {
            out.add(new Advisory(shown, in.line(), "base-latest", "FROM " + image + " follows whatever is newest; pin a version or a digest"));
        }
        return image;
    }

    private void run(Instruction in, String shown, Stage stage, Map<String, Stage> stages, InstallInputs inputs, List<Advisory> out) {
        String body = in.body();
        // RUN --mount=… --network=… flags come before the command; a bind mount shows files of the context or a stage to this RUN only.
        Matcher flags = Pattern.compile("^(\\s*--\\S+)+\\s*").matcher(body);
        int skip = flags.lookingAt() ? flags.end() : 0;
        ImageFiles files = stage.files;
        for (String flag : body.substring(0, skip).strip().split("\\s+")) {
            CopySpec mount = flag.startsWith("--mount=") ? CopySpec.mount(flag, in.line()) : null;
            if (mount == null) continue;
            if (files == stage.files) files = stage.files.copy();
            mount = substituted(mount, stage.env);
            Stage from = mount.from() == null ? null : stages.get(mount.from().toLowerCase(Locale.ROOT));
            files.add(mount, stage.workdir, from == null ? null : from.files, mount.how(shown));
        }
        String script = body.substring(skip);
        if (script.strip().startsWith("[")) script = execForm(script);
        final int shift = skip;
        final ImageFiles seen = files;
        String cwd = stage.workdir;
        for (List<Word> command : ShellCommands.split(script)) {
            if (command.get(0).text().equals("cd")) {
                // Later commands of the same RUN start there; a subshell's cd is followed too, which is what a reader expects.
                if (command.size() > 1) cwd = ImagePath.resolve(cwd, orRaw(command.get(1).text(), stage.env));
                continue;
            }
            InstallInputs.Pip pip = inputs.pip(seen);
            final String here = cwd;
            InstallRules.check(command, new InstallRules.Sink() {
                @Override
                public void advise(Word at, String rule, String message) {
                    out.add(new Advisory(shown, line(at), rule, message));
                }

                @Override
                public void requirementFile(Word at) {
                    String path = substitute(at.text(), stage.env);
                    if (path == null) {
                        pip.unresolved(at.text(), "is named through a variable the Dockerfile does not set, so its pins cannot be checked", line(at), false);
                    } else {
                        pip.requirementFile(ImagePath.resolve(here, path), at.text(), line(at));
                    }
                }

                @Override
                public void constraintsFile(Word at) {
                    String path = substitute(at.text(), stage.env);
                    if (path == null) {
                        pip.unresolved(at.text(), "is named through a variable the Dockerfile does not set, so its pins cannot be checked", line(at), true);
                    } else {
                        pip.constraintsFile(ImagePath.resolve(here, path), at.text(), line(at));
                    }
                }

                @Override
                public void localProject(Word at) {
                    String path = substitute(at.text().replaceAll("\\[.*]$", ""), stage.env);
                    if (path != null) pip.project(ImagePath.resolve(here, path), line(at));
                }

                @Override
                public boolean pinnedByConstraint(String requirement) {
                    return pip.pinnedByConstraint(requirement);
                }

                @Override
                public void projectInstall(Word at, String directory, boolean ci) {
                    inputs.packageJson(seen, directory == null ? here : ImagePath.resolve(here, orRaw(directory, stage.env)), line(at), ci);
                }

                private int line(Word at) {
                    return in.lineAt(at.offset() + shift);
                }
            });
            pip.finish();
        }
    }

    private static void globalArg(String body, Map<String, String> args) {
        String decl = body.strip();
        int eq = decl.indexOf('=');
        if (eq > 0) args.put(decl.substring(0, eq), unquote(decl.substring(eq + 1)));
    }

    /** {@code ARG NAME[=default]} inside a stage: the default, or the global ARG's value the stage re-declares. */
    private static void stageArg(String body, Map<String, String> global, Map<String, String> env) {
        String decl = body.strip();
        int eq = decl.indexOf('=');
        String name = eq > 0 ? decl.substring(0, eq) : decl;
        String value = eq > 0 ? unquote(decl.substring(eq + 1)) : global.get(name);
        if (value != null && !name.isEmpty()) env.put(name, substitute(value, env) == null ? value : substitute(value, env));
    }

    /** {@code ENV KEY=value KEY2="v 2"} or the old {@code ENV KEY value}; values may name earlier ones. */
    private static void env(String body, Map<String, String> env) {
        String decl = body.strip();
        Matcher pairs = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|\\S*)").matcher(decl);
        if (!decl.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
            String[] parts = decl.split("\\s+", 2);
            if (parts.length == 2) env.put(parts[0], orRaw(parts[1].strip(), env));
            return;
        }
        while (pairs.find()) env.put(pairs.group(1), orRaw(unquote(pairs.group(2)), env));
    }

    /** {@code word} with the variables it names substituted, or as written when one is not set. */
    private static String orRaw(String word, Map<String, String> vars) {
        String value = substitute(word, vars);
        return value == null ? word : value;
    }

    /** Resolves $VAR, ${VAR} and ${VAR:-default} from global ARG defaults; null when it cannot. */
    private static String substitute(String word, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(word);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.getOrDefault(m.group(1), m.group(2));
            if (value == null) return null;
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** RUN ["apt-get", "install", "x"]: the words, quoted, as one shell command. */
    private static String execForm(String script) {
        StringBuilder s = new StringBuilder();
        Matcher m = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(script);
        while (m.find()) s.append('\'').append(m.group(1).replace("'", "")).append("' ");
        return s.toString();
    }

    private static String unquote(String s) {
        String v = s.strip();
        return v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'")) ? v.substring(1, v.length() - 1) : v;
    }

    private String relative(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
