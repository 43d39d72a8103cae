package dev.slipway.build;

import dev.slipway.build.ImageFiles.Elsewhere;
import dev.slipway.build.ImageFiles.Inline;
import dev.slipway.build.ImageFiles.Origin;
import dev.slipway.build.ImageFiles.Repo;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The files an install reads inside the image (pip requirement and constraints files, package.json
 * and its lockfile), traced through {@link ImageFiles} to the repository or a heredoc and checked
 * there. An input that cannot be traced is an {@code input-unresolved} advisory on the line that
 * reads it, and the check goes on with everything else.
 */
final class InstallInputs {
    static final String UNRESOLVED = "input-unresolved";
    static final String PYPROJECT_RULE = "pyproject-unpinned";
    private static final List<String> NPM_CI_LOCKFILES = List.of("package-lock.json", "npm-shrinkwrap.json");

    private final Path context;
    private final String dockerfile;
    private final List<Advisory> dockerfileAdvisories;
    private final Set<Advisory> fileAdvisories = new LinkedHashSet<>();

    /** {@code dockerfileAdvisories} is the Dockerfile's own list: unresolved inputs join it in line order. */
    InstallInputs(Path context, String dockerfile, List<Advisory> dockerfileAdvisories) {
        this.context = context;
        this.dockerfile = dockerfile;
        this.dockerfileAdvisories = dockerfileAdvisories;
    }

    /** The advisories found in requirement files and package.json files, in the order they were first read. */
    List<Advisory> fileAdvisories() {
        return List.copyOf(fileAdvisories);
    }

    /** Where an input is named: a Dockerfile line, or a line of a requirement file. */
    private record Where(String file, int line) {}

    /** A dependency to judge once the command's constraints are known. */
    private record Pending(String file, int line, String text, boolean pinned, String rule, String message) {}

    Pip pip(ImageFiles files) {
        return new Pip(files);
    }

    /** One pip command: its requirement files and constraints files, judged once the whole command is read. */
    final class Pip {
        private final ImageFiles files;
        private final List<Pending> requirements = new ArrayList<>();
        private final Set<String> pins = new HashSet<>();
        private final Set<String> seen = new HashSet<>();

        private Pip(ImageFiles files) {
            this.files = files;
        }

        void requirementFile(String imagePath, String named, int line) {
            walk(imagePath, named, false, new Where(dockerfile, line));
        }

        void constraintsFile(String imagePath, String named, int line) {
            walk(imagePath, named, true, new Where(dockerfile, line));
        }

        void unresolved(String named, String why, int line, boolean constraints) {
            advise(new Where(dockerfile, line), (constraints ? "constraints file " : "requirement file ") + named + " " + why);
        }

        /** A requirement that a constraints file of this command pins with ==. */
        boolean pinnedByConstraint(String requirement) {
            return pins.contains(Requirements.normalizedName(requirement));
        }

        void finish() {
            for (Pending p : requirements) {
                if (!p.pinned() && !pinnedByConstraint(p.text())) fileAdvisories.add(new Advisory(p.file(), p.line(), p.rule(), p.message()));
            }
        }

        /** {@code pip install DIR}: the dependencies of the project in {@code directory}, from its pyproject.toml. */
        void project(String directory, int line) {
            Where from = new Where(dockerfile, line);
            String path = ImagePath.resolve(directory, "pyproject.toml");
            switch (files.resolve(path)) {
                case null -> {
                    if (files.resolve(ImagePath.resolve(directory, "setup.py")) != null) {
                        advise(from, "the dependencies of the project in " + directory + " are in setup.py, Python code that runs only in the build,"
                                + " so their pins cannot be checked");
                    }
                }
                case Elsewhere e -> advise(from, "pyproject.toml (" + path + ") " + e.why());
                case Repo r -> {
                    try {
                        dependencies(PyprojectDependencies.parse(read(context, context.resolve(r.path()), r.path())), r.path(), 0);
                    } catch (UnreadableInputException e) {
                        advise(from, "pyproject.toml (" + path + "): " + e.getMessage() + ", so its pins cannot be checked");
                    }
                }
                case Inline i -> dependencies(PyprojectDependencies.parse(i.text()), dockerfile, i.firstLine() - 1);
            }
        }

        private void dependencies(List<PyprojectDependencies.Dependency> found, String file, int shift) {
            for (PyprojectDependencies.Dependency d : found) {
                String message = d.poetry()
                        ? d.requirement().replaceFirst(" ", " = \"") + "\" in pyproject.toml is a range; pip install resolves the newest that matches"
                        : d.requirement() + " in pyproject.toml is not one exact version; pip install resolves the newest that matches";
                requirements.add(new Pending(file, d.line() + shift, d.requirement(), d.pinned(), PYPROJECT_RULE, message));
            }
        }

        private void walk(String imagePath, String named, boolean constraints, Where from) {
            if (!seen.add((constraints ? "c:" : "r:") + imagePath)) return;
            String what = (constraints ? "constraints file " : "requirement file ") + shown(named, imagePath);
            Origin origin = files.resolve(imagePath);
            String text;
            String file;
            int shift;
            switch (origin) {
                case null -> {
                    advise(from, what + " is not copied into the image before this line; it is made by an earlier RUN or comes with the base image,"
                            + " so its pins cannot be checked");
                    return;
                }
                case Elsewhere e -> {
                    advise(from, what + " " + e.why());
                    return;
                }
                case Repo r -> {
                    file = r.path();
                    shift = 0;
                    try {
                        text = read(context, context.resolve(file), file);
                    } catch (UnreadableInputException e) {
                        advise(from, what + ": " + e.getMessage());
                        return;
                    }
                }
                case Inline i -> {
                    file = dockerfile;
                    shift = i.firstLine() - 1;
                    text = i.text();
                }
            }
            for (Requirements.Line line : Requirements.parse(text)) {
                Where here = new Where(file, line.number() + shift);
                switch (line.kind()) {
                    case INCLUDE -> walk(ImagePath.resolve(ImagePath.parent(imagePath), line.text()), line.text(), constraints, here);
                    case CONSTRAINT -> walk(ImagePath.resolve(ImagePath.parent(imagePath), line.text()), line.text(), true, here);
                    case REQUIREMENT -> {
                        if (!constraints) {
                            requirements.add(new Pending(here.file(), here.line(), line.text(), Requirements.isPinned(line.text()), "requirements-unpinned",
                                    Requirements.name(line.text()) + " has no ==VERSION (" + line.text() + ")"));
                        } else if (Requirements.isPinned(line.text())) {
                            pins.add(Requirements.normalizedName(line.text()));
                        }
                    }
                }
            }
        }
    }

    /** An install of the project in {@code directory} (npm, yarn, pnpm): its package.json, unless a lockfile sits next to it in the image. */
    void packageJson(ImageFiles files, String directory, int line, boolean ci) {
        String path = ImagePath.resolve(directory, "package.json");
        String what = shown("package.json", path);
        Where from = new Where(dockerfile, line);
        List<String> lockfiles = ci ? NPM_CI_LOCKFILES : PackageJsonRanges.LOCKFILES;
        boolean locked = lockfiles.stream().anyMatch(l -> files.resolve(ImagePath.resolve(directory, l)) != null);
        switch (files.resolve(path)) {
            case null -> advise(from, what + " is not copied into the image before this line; it is made by an earlier RUN or comes with the base image,"
                    + " so its ranges cannot be checked");
            case Elsewhere e -> advise(from, what + " " + e.why());
            case Repo r when !locked && ci -> dockerfileAdvisories.add(new Advisory(dockerfile, line, "npm-ci-no-lockfile",
                    "npm ci in " + directory + " finds no package-lock.json in the image; copy it next to " + r.path() + " (npm ci fails without it)"));
            case Inline i when !locked && ci -> dockerfileAdvisories.add(new Advisory(dockerfile, line, "npm-ci-no-lockfile",
                    "npm ci in " + directory + " finds no package-lock.json in the image (npm ci fails without it)"));
            case Repo r -> {
                if (!locked) ranges(from, what, () -> read(context, context.resolve(r.path()), r.path()), r.path(), 0);
            }
            case Inline i -> {
                if (!locked) ranges(from, what, i::text, dockerfile, i.firstLine() - 1);
            }
        }
    }

    private void ranges(Where from, String what, java.util.function.Supplier<String> text, String shownAs, int shift) {
        String json;
        try {
            json = text.get();
        } catch (UnreadableInputException e) {
            advise(from, what + ": " + e.getMessage() + ", so its ranges cannot be checked");
            return;
        }
        try {
            fileAdvisories.addAll(PackageJsonRanges.check(json, shownAs, shift));
        } catch (UnreadableInputException e) {
            advise(from, what + " " + e.getMessage() + ", so its ranges cannot be checked");
        }
    }

    private void advise(Where where, String message) {
        Advisory a = new Advisory(where.file(), where.line(), UNRESOLVED, message);
        if (where.file().equals(dockerfile) && !fileAdvisories.contains(a)) {
            if (!dockerfileAdvisories.contains(a)) dockerfileAdvisories.add(a);
        } else {
            fileAdvisories.add(a);
        }
    }

    /** "requirements.txt (/app/requirements.txt)" when named relative to the working directory, else the path alone. */
    private static String shown(String named, String imagePath) {
        return named.equals(imagePath) ? named : named + " (" + imagePath + ")";
    }

    /** A text file of the repository; a link out of it, or bytes that are not UTF-8, are refused with {@code shown} in the message. */
    static String read(Path context, Path file, String shown) {
        try {
            if (!file.toRealPath().startsWith(context.toRealPath())) {
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
