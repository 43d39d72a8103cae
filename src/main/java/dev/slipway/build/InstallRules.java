package dev.slipway.build;

import dev.slipway.build.ShellCommands.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The pin rules for one shell command: package managers that install "whatever is newest" unless
 * told a version. Each rule knows its tool's flags that take an argument, so {@code -o X} or
 * {@code --virtual .deps} is not mistaken for a package.
 */
final class InstallRules {
    /** Receives what a command leaves unpinned, and the files it installs from. */
    interface Sink {
        void advise(Word at, String rule, String message);

        void requirementFile(Word at);

        /** {@code pip install -c FILE}: called before the command's packages are judged. */
        void constraintsFile(Word at);

        /** {@code pip install .}, {@code -e /app[dev]}: a local project, whose own dependencies pip resolves. */
        void localProject(Word at);

        /** Whether a constraints file of this command pins the requirement with ==. */
        boolean pinnedByConstraint(String requirement);

        /** An install of the project's own package.json: in {@code directory} ({@code --prefix}/{@code --cwd}), or the working directory when null. */
        void projectInstall(Word at, String directory, boolean ci);
    }

    private static final Pattern EXACT_SEMVER = Pattern.compile("=?v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]+)?");
    private static final Pattern EXACT_GEM = Pattern.compile("=?\\s*\\d+(\\.[0-9A-Za-z]+)*");
    private static final Set<String> GO_FLOATING = Set.of("latest", "master", "main", "head", "upgrade", "patch");

    private static final Set<String> APT_ARGS = Set.of("-o", "-c", "-t", "--option", "--config-file", "--target-release", "--default-release");
    private static final Set<String> APK_ARGS = Set.of("-t", "--virtual", "-X", "--repository", "-p", "--root", "--arch", "--keys-dir",
            "--cache-dir", "--repositories-file");
    private static final Set<String> PIP_ARGS = Set.of("-c", "--constraint", "-e", "--editable", "-i", "--index-url", "--extra-index-url",
            "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src", "--upgrade-strategy", "--platform", "--python-version",
            "--implementation", "--abi", "--only-binary", "--no-binary", "--trusted-host", "--progress-bar", "--log", "--cache-dir",
            "--proxy", "--retries", "--timeout", "--report", "--config-settings", "-C", "--global-option", "--python");
    private static final Set<String> NPM_ARGS = Set.of("--prefix", "--cwd", "--registry", "--tag", "--workspace", "-w", "--cache", "--userconfig");
    private static final Set<String> GEM_ARGS = Set.of("-i", "--install-dir", "-n", "--bindir", "-s", "--source", "--platform", "-P", "--trust-policy");
    private static final Set<String> GO_ARGS = Set.of("-o", "-tags", "-ldflags", "-gcflags", "-asmflags", "-modfile", "-mod", "-p", "-pkgdir",
            "-toolexec", "-installsuffix", "-buildmode", "-compiler", "-overlay", "-pgo", "-C");

    private InstallRules() {}

    static void check(List<Word> command, Sink sink) {
        String program = program(command.get(0).text());
        List<Word> rest = command.subList(1, command.size());
        if (program.equals("apt-get") || program.equals("apt") || program.equals("aptitude")) {
            apt(program, rest, sink);
        } else if (program.equals("apk")) {
            apk(rest, sink);
        } else if (program.matches("pip[0-9.]*")) {
            pip(program, rest, sink);
        } else if (program.matches("python[0-9.]*") && rest.size() >= 2 && rest.get(0).text().equals("-m") && rest.get(1).text().matches("pip[0-9.]*")) {
            pip("pip", rest.subList(2, rest.size()), sink);
        } else if (program.equals("uv") && !rest.isEmpty() && rest.get(0).text().equals("pip")) {
            pip("uv pip", rest.subList(1, rest.size()), sink);
        } else if (program.equals("npm") || program.equals("pnpm") || program.equals("yarn")) {
            npm(command.get(0), program, rest, sink);
        } else if (program.equals("gem")) {
            gem(rest, sink);
        } else if (program.equals("go")) {
            go(rest, sink);
        }
    }

    private static void apt(String program, List<Word> args, Sink sink) {
        List<Word> positional = positional(args, APT_ARGS);
        if (positional.isEmpty()) return;
        String sub = positional.get(0).text();
        if (Set.of("upgrade", "dist-upgrade", "full-upgrade").contains(sub)) {
            sink.advise(positional.get(0), "apt-upgrade", program + " " + sub + " installs whatever is newest at build time; pin the packages you need instead");
        } else if (sub.equals("install")) {
            for (Word w : positional.subList(1, positional.size())) {
                if (!w.text().contains("=") && !isLocalOrVariable(w.text()) && !w.text().endsWith(".deb")) {
                    sink.advise(w, "apt-unpinned", program + " install " + w.text() + " without =VERSION");
                }
            }
        }
    }

    private static void apk(List<Word> args, Sink sink) {
        List<Word> positional = positional(args, APK_ARGS);
        if (positional.isEmpty()) return;
        String sub = positional.get(0).text();
        if (sub.equals("upgrade")) {
            sink.advise(positional.get(0), "apk-upgrade", "apk upgrade installs whatever is newest at build time");
        } else if (sub.equals("add")) {
            for (Word w : positional.subList(1, positional.size())) {
                if (!w.text().matches("[^<>~=]+=[^<>=~].*") && !isLocalOrVariable(w.text()) && !w.text().endsWith(".apk")) {
                    sink.advise(w, "apk-unpinned", "apk add " + w.text() + " without =VERSION");
                }
            }
        }
    }

    private static void pip(String program, List<Word> args, Sink sink) {
        List<Word> positional = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String t = args.get(k).text();
            if ((t.equals("-r") || t.equals("--requirement")) && k + 1 < args.size()) {
                sink.requirementFile(args.get(++k));
            } else if (t.startsWith("--requirement=") || (t.startsWith("-r") && t.length() > 2)) {
                String file = t.startsWith("--") ? t.substring(t.indexOf('=') + 1) : t.substring(2);
                sink.requirementFile(new Word(file, args.get(k).offset(), args.get(k).quoted()));
            } else if ((t.equals("-c") || t.equals("--constraint")) && k + 1 < args.size()) {
                sink.constraintsFile(args.get(++k));
            } else if (t.startsWith("--constraint=")) {
                sink.constraintsFile(new Word(t.substring(t.indexOf('=') + 1), args.get(k).offset(), args.get(k).quoted()));
            } else if ((t.equals("-e") || t.equals("--editable")) && k + 1 < args.size()) {
                positional.add(args.get(++k));
            } else if (PIP_ARGS.contains(t)) {
                k++;
            } else if (!t.startsWith("-")) {
                positional.add(args.get(k));
            }
        }
        if (positional.isEmpty() || !positional.get(0).text().equals("install")) return;
        List<Word> packages = positional.subList(1, positional.size());
        for (int k = 0; k < packages.size(); k++) {
            Word w = packages.get(k);
            if (k + 2 < packages.size() && packages.get(k + 1).text().equals("@")) {
                k += 2; // "name @ https://…": a direct reference is pinned by its URL
                continue;
            }
            if (isLocalDirectory(w.text())) sink.localProject(w);
            if (!Requirements.isPinned(w.text()) && !sink.pinnedByConstraint(w.text())) {
                sink.advise(w, "pip-unpinned", program + " install " + w.text() + " without ==VERSION");
            }
        }
    }

    private static void npm(Word programWord, String program, List<Word> args, Sink sink) {
        List<Word> positional = positional(args, NPM_ARGS);
        if (!positional.isEmpty() && program.equals("yarn") && positional.get(0).text().equals("global")) {
            positional = positional.subList(1, positional.size());
        } else if (isProjectInstall(program, args, positional)) {
            String sub = positional.isEmpty() ? "" : positional.get(0).text();
            sink.projectInstall(positional.isEmpty() ? programWord : positional.get(0), flagValue(args, program.equals("yarn") ? "--cwd" : "--prefix"),
                    program.equals("npm") && sub.equals("ci"));
            return;
        }
        if (positional.isEmpty()) return;
        String sub = positional.get(0).text();
        boolean installs = program.equals("npm") ? Set.of("install", "i", "in", "add", "isntall").contains(sub) : sub.equals("add");
        if (!installs) return;
        for (Word w : positional.subList(1, positional.size())) {
            String spec = w.text();
            if (isLocalOrVariable(spec) || spec.contains(":") || spec.endsWith(".tgz")) continue; // paths, URLs, git:, file:
            int at = spec.lastIndexOf('@');
            String version = at > 0 ? spec.substring(at + 1) : "";
            if (!EXACT_SEMVER.matcher(version).matches()) {
                sink.advise(w, "npm-unpinned", program + " " + sub + " " + spec + " without an exact @VERSION");
            }
        }
    }

    /** {@code npm install}, {@code npm ci}, {@code yarn}, {@code yarn install}, {@code pnpm install}: no package named, so package.json decides. */
    private static boolean isProjectInstall(String program, List<Word> args, List<Word> positional) {
        if (positional.size() > 1) return false;
        if (positional.isEmpty()) {
            return program.equals("yarn") && args.stream().map(Word::text).noneMatch(t -> Set.of("--version", "-v", "--help", "-h").contains(t));
        }
        String sub = positional.get(0).text();
        return switch (program) {
            case "npm" -> Set.of("install", "i", "in", "isntall", "ci", "clean-install").contains(sub);
            case "yarn" -> sub.equals("install");
            default -> sub.equals("install") || sub.equals("i");
        };
    }

    private static String flagValue(List<Word> args, String flag) {
        for (int k = 0; k < args.size(); k++) {
            String t = args.get(k).text();
            if (t.equals(flag) && k + 1 < args.size()) return args.get(k + 1).text();
            if (t.startsWith(flag + "=")) return t.substring(flag.length() + 1);
        }
        return null;
    }

    private static void gem(List<Word> args, Sink sink) {
        List<Word> names = new ArrayList<>();
        String version = null;
        for (int k = 0; k < args.size(); k++) {
            String t = args.get(k).text();
            if ((t.equals("-v") || t.equals("--version")) && k + 1 < args.size()) {
                version = args.get(++k).text();
            } else if (t.startsWith("--version=")) {
                version = t.substring("--version=".length());
            } else if (GEM_ARGS.contains(t)) {
                k++;
            } else if (!t.startsWith("-")) {
                names.add(args.get(k));
            }
        }
        if (names.isEmpty() || !names.get(0).text().equals("install")) return;
        boolean versionPinned = version != null && EXACT_GEM.matcher(version.strip()).matches();
        for (Word w : names.subList(1, names.size())) {
            String t = w.text();
            int colon = t.indexOf(':');
            boolean pinned = versionPinned || (colon > 0 && EXACT_GEM.matcher(t.substring(colon + 1)).matches());
            if (!pinned && !isLocalOrVariable(t) && !t.endsWith(".gem")) {
                sink.advise(w, "gem-unpinned", "gem install " + t + " without -v VERSION");
            }
        }
    }

    private static void go(List<Word> args, Sink sink) {
        List<Word> positional = positional(args, GO_ARGS);
        if (positional.isEmpty()) return;
        String sub = positional.get(0).text();
        if (!sub.equals("install") && !sub.equals("get")) return;
        for (Word w : positional.subList(1, positional.size())) {
            String t = w.text();
            if (isLocalOrVariable(t)) continue;
            int at = t.lastIndexOf('@');
            String version = at > 0 ? t.substring(at + 1) : "";
            if (version.isEmpty() || GO_FLOATING.contains(version.toLowerCase(java.util.Locale.ROOT))) {
                sink.advise(w, "go-unpinned", "go " + sub + " " + t + " without @VERSION");
            }
        }
    }

    /** Words that are not flags, skipping each flag's argument where the flag takes one. */
    private static List<Word> positional(List<Word> args, Set<String> flagsWithArgument) {
        List<Word> out = new ArrayList<>();
        for (int k = 0; k < args.size(); k++) {
            String t = args.get(k).text();
            if (t.startsWith("-")) {
                if (flagsWithArgument.contains(t)) k++;
                // -oFoo=bar, --flag=value and combined short flags carry their argument with them.
                continue;
            }
            out.add(args.get(k));
        }
        return out;
    }

    private static boolean isLocalDirectory(String t) {
        return (t.startsWith(".") || t.startsWith("/")) && !t.matches(".*\\.(whl|zip|tar\\.gz|tgz)");
    }

    private static boolean isLocalOrVariable(String t) {
        return t.startsWith("$") || t.startsWith(".") || t.startsWith("/") || t.startsWith("~") || t.contains("://");
    }

    static String program(String word) {
        int slash = word.lastIndexOf('/');
        return slash < 0 ? word : word.substring(slash + 1);
    }
}
