package dev.slipway.build;

import dev.slipway.build.DockerfileInstructions.Heredoc;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the files of one build stage come from, as far as COPY, ADD and bind mounts tell: a path in
 * the image traced back to a repository file, a heredoc in the Dockerfile, or a reason it cannot be
 * (a URL, another image, another stage's RUN). Later copies win over earlier ones, as in the image.
 * A stage built on an earlier stage starts with that stage's files.
 */
final class ImageFiles {
    /** Where an image file's content comes from. */
    sealed interface Origin {}

    /** {@code path} relative to the build context, a regular file. */
    record Repo(String path) implements Origin {}

    /** Text written by a heredoc in the Dockerfile, starting on {@code firstLine}. */
    record Inline(String text, int firstLine) implements Origin {}

    /** Cannot be read before the build: {@code why} completes "requirement file X …". */
    record Elsewhere(String why) implements Origin {}

    private sealed interface Source {}

    private record RepoPath(String path, boolean directory) implements Source {}

    private record Missing(String path) implements Source {}

    private record Url(String url) implements Source {}

    private record Archive(String path) implements Source {}

    private record Text(Heredoc doc) implements Source {}

    private record StagePath(String stage, ImageFiles files, String path) implements Source {}

    private record OtherImage(String image, String path) implements Source {}

    /** One source of one COPY: {@code destination} absolute; {@code into} true when the source lands inside it. */
    private record Entry(String destination, boolean into, Source source, String how) {}

    private static final int MAX_STAGE_DEPTH = 32;

    private final Path context;
    private final List<Entry> entries;

    ImageFiles(Path context) {
        this(context, new ArrayList<>());
    }

    private ImageFiles(Path context, List<Entry> entries) {
        this.context = context;
        this.entries = entries;
    }

    /** The files of a stage that starts {@code FROM} this one, or of one RUN with its bind mounts. */
    ImageFiles copy() {
        return new ImageFiles(context, new ArrayList<>(entries));
    }

    /**
     * Records a COPY/ADD run in {@code workdir}. {@code stage} is the earlier stage {@code --from}
     * names (null for the context or an image).
     */
    void add(CopySpec copy, String workdir, ImageFiles stage, String how) {
        String destination = ImagePath.resolve(workdir, copy.destination());
        int count = copy.sources().size() + copy.heredocs().size();
        boolean directory = copy.destination().endsWith("/") || copy.destination().endsWith("/.") || copy.destination().equals(".") || count > 1;
        for (Heredoc doc : copy.heredocs()) {
            entries.add(new Entry(directory ? destination + "/" + doc.name() : destination, false, new Text(doc), how));
        }
        for (String source : copy.sources()) {
            if (copy.from() != null) {
                String path = ImagePath.resolve("/", source);
                Source s = stage != null ? new StagePath(copy.from(), stage, path) : new OtherImage(copy.from(), path);
                entries.add(new Entry(destination, directory, s, how));
            } else if (source.contains("://") && copy.keyword().equals("ADD")) {
                entries.add(new Entry(destination, directory, new Url(source), how));
            } else {
                addContextSource(source, destination, directory, copy, how);
            }
        }
    }

    private void addContextSource(String source, String destination, boolean directory, CopySpec copy, String how) {
        String relative = ImagePath.resolve("/", source).substring(1);
        List<String> matches = hasGlob(relative) ? glob(relative) : List.of(relative);
        boolean into = directory || matches.size() > 1;
        for (String match : matches) {
            Path p = context.resolve(match.isEmpty() ? "." : match).normalize();
            String target = copy.parents() ? ImagePath.resolve(destination, match) : destination;
            if (!p.startsWith(context) || !Files.exists(p)) {
                entries.add(new Entry(target, into, new Missing(source), how));
            } else if (Files.isDirectory(p)) {
                entries.add(new Entry(target, true, new RepoPath(match, true), how));
            } else if (copy.keyword().equals("ADD") && match.matches(".*\\.(tar|tar\\.gz|tgz|tar\\.bz2|tbz2|tar\\.xz|txz)")) {
                entries.add(new Entry(target, true, new Archive(match), how));
            } else {
                entries.add(new Entry(target, into && !copy.parents(), new RepoPath(match, false), how));
            }
        }
    }

    /** Where the file at absolute image path {@code path} comes from; null when no COPY, ADD or mount put it there. */
    Origin resolve(String path) {
        return resolve(path, 0);
    }

    private Origin resolve(String path, int depth) {
        Origin fallback = null;
        for (int k = entries.size() - 1; k >= 0; k--) {
            Entry e = entries.get(k);
            String rest = rest(e, path);
            if (rest == null) continue;
            Origin found = origin(e, rest, depth);
            if (found instanceof Elsewhere && !rest.isEmpty() && e.source() instanceof StagePath) {
                if (fallback == null) fallback = found; // a directory from a stage may or may not hold the file
                continue;
            }
            if (found != null) return found;
        }
        return fallback;
    }

    /** "" when {@code path} is the entry's source itself, the path below a copied directory, or null when the entry does not cover it. */
    private static String rest(Entry e, String path) {
        String name = ImagePath.name(switch (e.source()) {
            case RepoPath r -> r.path();
            case Missing m -> m.path();
            case Url u -> u.url().replaceAll("[?#].*", "");
            case Archive a -> a.path();
            case Text t -> e.destination();
            case StagePath s -> s.path();
            case OtherImage o -> o.path();
        });
        boolean directorySource = e.source() instanceof RepoPath r ? r.directory() : e.source() instanceof Archive || e.source() instanceof StagePath;
        if (path.equals(e.destination())) return e.into() && !directorySource ? null : "";
        String prefix = e.destination().equals("/") ? "/" : e.destination() + "/";
        if (!path.startsWith(prefix)) return null;
        String below = path.substring(prefix.length());
        if (directorySource) return below;
        // A single file copied to a destination without a slash lands inside it when that is a directory.
        return below.equals(name) ? "" : null;
    }

    private Origin origin(Entry e, String rest, int depth) {
        return switch (e.source()) {
            case RepoPath r -> {
                if (!r.directory()) yield rest.isEmpty() ? new Repo(r.path()) : null;
                String file = r.path().isEmpty() ? rest : r.path() + "/" + rest;
                Path p = context.resolve(file).normalize();
                yield !rest.isEmpty() && p.startsWith(context) && Files.isRegularFile(p) ? new Repo(file) : null;
            }
            case Missing m -> new Elsewhere("comes from " + m.path() + " (" + e.how() + "), which is not in the repository, so its pins cannot be checked");
            case Url u -> new Elsewhere("is downloaded from " + u.url() + " (" + e.how() + "), so its pins cannot be checked");
            case Archive a -> new Elsewhere("is unpacked from " + a.path() + " (" + e.how() + "), so its pins cannot be checked");
            case Text t -> rest.isEmpty() ? new Inline(t.doc().text(), t.doc().firstLine()) : null;
            case OtherImage o -> rest.isEmpty() ? new Elsewhere("is copied from the image " + o.image() + " (" + e.how() + "), so its pins cannot be checked") : null;
            case StagePath s -> {
                Origin inStage = null;
                if (depth < MAX_STAGE_DEPTH && (rest.isEmpty() || rest.equals(ImagePath.name(s.path())))) inStage = s.files().resolve(s.path(), depth + 1);
                if (depth < MAX_STAGE_DEPTH && inStage == null && !rest.isEmpty()) inStage = s.files().resolve(ImagePath.resolve(s.path(), rest), depth + 1);
                yield inStage != null ? inStage : new Elsewhere("is made in stage " + s.stage() + " (" + e.how() + "), not copied from the repository, so its pins cannot be checked");
            }
        };
    }

    private static boolean hasGlob(String path) {
        return path.contains("*") || path.contains("?") || path.contains("[");
    }

    /** The context's files and directories a COPY pattern matches (Go's filepath.Match, close enough to glob). */
    private List<String> glob(String pattern) {
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        int depth = pattern.split("/").length;
        try (Stream<Path> all = Files.walk(context, depth)) {
            return all.map(context::relativize).filter(p -> p.getNameCount() == depth && matcher.matches(p))
                    .map(p -> p.toString().replace('\\', '/')).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
