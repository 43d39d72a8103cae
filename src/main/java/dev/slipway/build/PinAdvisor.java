package dev.slipway.build;

import dev.slipway.build.DockerfileInstructions.Instruction;
import dev.slipway.build.ShellCommands.Word;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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

    public Result check(String dockerfile) {
        Path file = dir.resolve(dockerfile).normalize();
        if (!file.startsWith(dir)) {
            throw new UnreadableInputException("Dockerfile " + dockerfile + " lies outside the repository; name a file inside it");
        }
        String shown = relative(file);
        if (!Files.isRegularFile(file)) {
            throw new UnreadableInputException("Dockerfile not found: " + shown + "; add it to the repository or set build.dockerfile in slipway.yaml");
        }
        List<Instruction> instructions = DockerfileInstructions.parse(read(file, shown + " (the Dockerfile)"));
        List<Advisory> out = new ArrayList<>();
        Set<String> requirementFiles = new LinkedHashSet<>();
        Map<String, String> args = new HashMap<>();
        Map<String, String> stages = new HashMap<>(); // stage name → the external image it starts from
        String base = null;
        String workdir = "/";
        boolean beforeFirstFrom = true;
        for (Instruction in : instructions) {
            switch (in.keyword()) {
                case "ARG" -> {
                    if (beforeFirstFrom) globalArg(in.body(), args);
                }
                case "FROM" -> {
                    beforeFirstFrom = false;
                    workdir = "/";
                    base = from(in, shown, args, stages, out);
                }
                case "WORKDIR" -> workdir = in.body().strip().startsWith("/") ? in.body().strip() : workdir + "/" + in.body().strip();
                case "RUN" -> run(in, shown, workdir, requirementFiles, out);
                default -> { }
            }
        }
        for (String req : requirementFiles) {
            checkRequirements(req, new HashSet<>(), out);
        }
        out.addAll(PackageJsonRanges.check(dir, "package.json"));
        return new Result(List.copyOf(out), base);
    }

    /** Returns the base image of this stage: an external image name, or the base of the stage it names. */
    private String from(Instruction in, String shown, Map<String, String> args, Map<String, String> stages, List<Advisory> out) {
        List<String> words = new ArrayList<>(List.of(in.body().strip().split("\\s+")));
        words.removeIf(w -> w.startsWith("--")); // --platform=…
        if (words.isEmpty() || words.get(0).isEmpty()) return null;
        String image = substitute(words.get(0), args);
        String base = image == null ? null : stages.getOrDefault(image.toLowerCase(Locale.ROOT), image);
        boolean earlierStage = image != null && stages.containsKey(image.toLowerCase(Locale.ROOT));
        if (words.size() >= 3 && words.get(1).equalsIgnoreCase("as")) stages.put(words.get(2).toLowerCase(Locale.ROOT), base);
        if (image == null || image.equals("scratch") || earlierStage) {
            return base;
        }
        if (image.contains("@")) return image; // a digest pins it
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

    private void run(Instruction in, String shown, String workdir, Set<String> requirementFiles, List<Advisory> out) {
        String body = in.body();
        // RUN --mount=… --network=… flags come before the command.
        Matcher flags = Pattern.compile("^(\\s*--\\S+)+\\s*").matcher(body);
        int skip = flags.lookingAt() ? flags.end() : 0;
        String script = body.substring(skip);
        if (script.strip().startsWith("[")) script = execForm(script);
        final int shift = skip;
        for (List<Word> command : ShellCommands.split(script)) {
            InstallRules.check(command, new InstallRules.Sink() {
                @Override
                public void advise(Word at, String rule, String message) {
                    out.add(new Advisory(shown, in.lineAt(at.offset() + shift), rule, message));
                }

                @Override
                public void requirementFile(Word at) {
                    requirementFiles.add(locate(at.text(), workdir, shown, in.lineAt(at.offset() + shift)));
                }
            });
        }
    }

    /**
     * Where a requirement file named inside the image is in the repository: the path as given, then
     * with the WORKDIR prefix removed, then without its leading slash.
     */
    private String locate(String named, String workdir, String shown, int line) {
        List<String> candidates = new ArrayList<>();
        String wd = workdir.replaceAll("/+", "/");
        if (named.startsWith("/")) {
            String prefix = wd.endsWith("/") ? wd : wd + "/";
            if (named.startsWith(prefix)) candidates.add(named.substring(prefix.length()));
            candidates.add(named.substring(1));
        } else {
            candidates.add(named);
        }
        for (String c : candidates) {
            Path p = dir.resolve(c).normalize();
            if (p.startsWith(dir) && Files.isRegularFile(p)) return relative(p);
        }
        throw new UnreadableInputException("requirement file " + named + " (" + shown + ":" + line + ") cannot be read: it is not in the repository");
    }

    private void checkRequirements(String file, Set<String> seen, List<Advisory> out) {
        if (!seen.add(file)) return;
        Path path = dir.resolve(file).normalize();
        for (Requirements.Line line : Requirements.parse(read(path, file))) {
            if (line.include()) {
                Path included = path.getParent().resolve(line.text()).normalize();
                if (!included.startsWith(dir) || !Files.isRegularFile(included)) {
                    throw new UnreadableInputException("requirement file " + line.text() + " (" + file + ":" + line.number() + ") cannot be read: it is not in the repository");
                }
                checkRequirements(relative(included), seen, out);
            } else if (!Requirements.isPinned(line.text())) {
                out.add(new Advisory(file, line.number(), "requirements-unpinned", Requirements.name(line.text()) + " has no ==VERSION (" + line.text() + ")"));
            }
        }
    }

    private static void globalArg(String body, Map<String, String> args) {
        String decl = body.strip();
        int eq = decl.indexOf('=');
        if (eq > 0) args.put(decl.substring(0, eq), unquote(decl.substring(eq + 1)));
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

    private String read(Path file, String shown) {
        try {
            if (!file.toRealPath().startsWith(dir.toRealPath())) {
                throw new UnreadableInputException(shown + " is a link to outside the repository");
            }
            return Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new UnreadableInputException(shown + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UnreadableInputException(shown + " cannot be read: " + e.getMessage());
        }
    }
}
