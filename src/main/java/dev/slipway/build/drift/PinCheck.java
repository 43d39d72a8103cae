package dev.slipway.build.drift;

import dev.slipway.build.drift.ShellSegments.Segment;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a package could change between two builds of one RUN instruction: which install command brought
 * it, and which of its inputs leaves the version open ("unpinned", "requirements.txt:3 is
 * unpinned"). A small check of its own, for attribution only; the pin advisories of a build are a
 * separate, fuller lint.
 */
final class PinCheck {
    /** {@code shown}: the install command ("RUN … apt-get install -y foo"); {@code reason}: null when nothing is known. */
    record Attribution(String shown, String reason) {}

    private static final Set<String> APT_OPTIONS_WITH_VALUE = Set.of("-o", "--option", "-t", "--target-release", "-c", "--config-file");
    private static final Set<String> PIP_OPTIONS_WITH_VALUE = Set.of("-i", "--index-url", "--extra-index-url", "-f", "--find-links",
            "-t", "--target", "--prefix", "--root", "--platform", "--python-version", "-e", "--editable", "--trusted-host");
    private static final Pattern NPM_DEPENDENCY = Pattern.compile("\"([^\"]+)\"\\s*:\\s*\"([^\"]*)\"");
    private static final Pattern EXACT_VERSION = Pattern.compile("=?v?\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.-]+)?");
    private static final int SHOWN_LIMIT = 100;

    private PinCheck() {}

    static Attribution explain(Instruction instruction, InstalledPackage pkg, SourceFiles sources) {
        if (!instruction.keyword().equals("RUN")) return new Attribution(instruction.text(), null);
        List<Segment> segments = ShellSegments.of(instruction.arguments());
        return switch (pkg.ecosystem()) {
            case DEBIAN -> apt(instruction, segments, pkg.name());
            case PYTHON -> pip(instruction, segments, pkg.name(), sources);
            case NPM -> npm(instruction, segments, pkg.name(), sources);
        };
    }

    private static Attribution apt(Instruction instruction, List<Segment> segments, String name) {
        Segment install = null;
        for (Segment segment : segments) {
            int start = ShellSegments.after(segment.words(), List.of("apt-get", "apt", "aptitude"), List.of("install"));
            if (start < 0) continue;
            install = segment;
            List<String> packages = arguments(segment.words(), start, APT_OPTIONS_WITH_VALUE);
            for (String p : packages) {
                String[] parts = p.split("[=/]", 2);
                if (!parts[0].equals(name)) continue;
                return new Attribution(shown(instruction, segment), p.contains("=") ? null : "unpinned");
            }
        }
        if (install != null) return new Attribution(shown(instruction, install), "installed as a dependency, unpinned");
        for (Segment segment : segments) {
            if (ShellSegments.after(segment.words(), List.of("apt-get", "apt"), List.of("upgrade", "dist-upgrade", "full-upgrade")) >= 0) {
                return new Attribution(shown(instruction, segment), "upgrades are unpinned");
            }
        }
        return new Attribution(shown(instruction, null), null);
    }

    private static Attribution pip(Instruction instruction, List<Segment> segments, String name, SourceFiles sources) {
        String wanted = PackageFiles.normalizePython(name);
        Attribution fallback = new Attribution(shown(instruction, null), null);
        for (Segment segment : segments) {
            int start = ShellSegments.after(segment.words(), List.of("pip", "pip3", "python", "python3"), List.of("install"));
            if (start < 0) continue;
            List<String> words = segment.words();
            List<String> files = new ArrayList<>();
            for (int i = start; i < words.size(); i++) {
                String w = words.get(i);
                if ((w.equals("-r") || w.equals("--requirement")) && i + 1 < words.size()) files.add(words.get(++i));
                else if (w.startsWith("--requirement=")) files.add(w.substring("--requirement=".length()));
                else if (w.startsWith("-r") && w.length() > 2) files.add(w.substring(2));
            }
            for (String p : arguments(words, start, PIP_OPTIONS_WITH_VALUE)) {
                if (!requirementName(p).equals(wanted)) continue;
                return new Attribution(shown(instruction, segment), p.contains("==") ? null : "unpinned");
            }
            for (String file : files) {
                Optional<String> reason = requirementsFile(file, wanted, sources, 0);
                if (reason.isPresent()) return new Attribution(shown(instruction, segment), reason.get());
            }
            String reason = files.isEmpty() ? "installed as a dependency, unpinned"
                    : "not named in " + String.join(", ", files) + ": a dependency, unpinned";
            fallback = new Attribution(shown(instruction, segment), reason);
        }
        return fallback;
    }

    /** The reason naming the requirement line, "file could not be read", or empty when the file does not name it. */
    private static Optional<String> requirementsFile(String file, String wanted, SourceFiles sources, int depth) {
        Optional<String> text = read(file, sources);
        if (text.isEmpty()) return Optional.of(file + " could not be read from the build context");
        String[] lines = text.get().split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].replaceFirst("(^|\\s)#.*", "").strip();
            if (line.startsWith("-r ") && depth < 3) {
                Optional<String> nested = requirementsFile(line.substring(3).strip(), wanted, sources, depth + 1);
                if (nested.isPresent()) return nested;
            }
            if (line.isEmpty() || line.startsWith("-") || !requirementName(line).equals(wanted)) continue;
            String where = file + ":" + (i + 1);
            return Optional.of(line.contains("==") ? where + " pins it" : where + " is unpinned");
        }
        return Optional.empty();
    }

    private static Attribution npm(Instruction instruction, List<Segment> segments, String name, SourceFiles sources) {
        for (Segment segment : segments) {
            int start = ShellSegments.after(segment.words(), List.of("npm", "yarn", "pnpm"), List.of("install", "i", "ci", "add"));
            if (start < 0) continue;
            List<String> named = arguments(segment.words(), start, Set.of());
            for (String p : named) {
                int at = p.indexOf('@', 1);
                if (!(at < 0 ? p : p.substring(0, at)).equals(name)) continue;
                return new Attribution(shown(instruction, segment), at < 0 ? "unpinned" : null);
            }
            return new Attribution(shown(instruction, segment), packageJsonReason(name, sources));
        }
        return new Attribution(shown(instruction, null), null);
    }

    private static String packageJsonReason(String name, SourceFiles sources) {
        boolean locked = sources.read("package-lock.json").isPresent() || sources.read("npm-shrinkwrap.json").isPresent()
                || sources.read("yarn.lock").isPresent();
        String noLock = locked ? "" : " and there is no lockfile";
        Optional<String> manifest = sources.read("package.json");
        if (manifest.isEmpty()) return "package.json could not be read from the build context";
        String[] lines = manifest.get().split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = NPM_DEPENDENCY.matcher(lines[i]);
            while (m.find()) {
                if (!m.group(1).equals(name)) continue;
                if (EXACT_VERSION.matcher(m.group(2)).matches()) return "package.json:" + (i + 1) + " pins it";
                return "package.json:" + (i + 1) + " allows " + m.group(2) + noLock;
            }
        }
        return "a dependency, unpinned" + noLock;
    }

    private static Optional<String> read(String file, SourceFiles sources) {
        Optional<String> text = sources.read(file);
        // "COPY requirements.txt /app/" then "pip install -r /app/requirements.txt": try the name too.
        if (text.isEmpty() && file.contains("/")) text = sources.read(file.substring(file.lastIndexOf('/') + 1));
        return text;
    }

    private static List<String> arguments(List<String> words, int start, Set<String> optionsWithValue) {
        List<String> arguments = new ArrayList<>();
        for (int i = start; i < words.size(); i++) {
            String w = words.get(i);
            if (optionsWithValue.contains(w) || w.equals("-r") || w.equals("--requirement") || w.equals("-c")) i++;
            else if (!w.startsWith("-")) arguments.add(w);
        }
        return arguments;
    }

    private static String requirementName(String spec) {
        String name = spec.split("[<>=!~;\\[\\s@]", 2)[0];
        return PackageFiles.normalizePython(name);
    }

    /** "RUN … apt-get install -y foo" when the install is one of several commands, else the whole RUN. */
    private static String shown(Instruction instruction, Segment segment) {
        String text = segment == null || segment.text().equals(instruction.arguments().strip())
                ? instruction.text() : "RUN … " + segment.text();
        return text.length() <= SHOWN_LIMIT ? text : text.substring(0, SHOWN_LIMIT - 1) + "…";
    }
}
