package dev.slipway.engine.docker;

import com.github.dockerjava.core.GoLangFileMatch;
import dev.slipway.engine.EngineException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The build context as a tar, made from the checkout without following any link: a symbolic link is
 * archived as a link (as {@code docker build} sends it), so the daemon resolves it inside the context
 * and nothing outside the checkout (the server's data folder, say) can enter the build. Entry names
 * are relative to the context and never hold "..". {@code .dockerignore} is honoured as docker-java
 * honoured it before: patterns matched against each file's relative path, the last match wins, a
 * "!" pattern keeps a file, and an ignored Dockerfile is an error.
 */
final class ContextArchive {
    private ContextArchive() {}

    /** Writes the archive to a temporary file and returns a stream of it that deletes the file on close. */
    static InputStream open(Path context, String dockerfile) {
        Path root = context.toAbsolutePath().normalize();
        List<String> ignores = ignores(root);
        String excludedBy = excludedBy(ignores, Path.of(dockerfile).normalize().toString());
        if (excludedBy != null) {
            throw new EngineException("Dockerfile " + dockerfile + " is excluded by pattern '" + excludedBy + "' in .dockerignore");
        }
        Path tar = null;
        try {
            tar = Files.createTempFile("slipway-context-", ".tar"); // 0600: the context is the user's code
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tar));
                 TarArchiveOutputStream archive = new TarArchiveOutputStream(out)) {
                archive.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                archive.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                Files.walkFileTree(root, new Writer(root, ignores, archive)); // no FOLLOW_LINKS: links are leaves
                archive.finish();
            }
            return deletingOnClose(tar);
        } catch (IOException e) {
            deleteQuietly(tar);
            throw new EngineException("preparing the build context of " + root + ": " + e.getMessage(), e);
        }
    }

    private static final class Writer extends SimpleFileVisitor<Path> {
        private final Path root;
        private final List<String> ignores;
        private final TarArchiveOutputStream archive;

        Writer(Path root, List<String> ignores, TarArchiveOutputStream archive) {
            this.root = root;
            this.ignores = ignores;
            this.archive = archive;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
            if (dir.equals(root)) return FileVisitResult.CONTINUE;
            String name = name(dir);
            if (excludedBy(ignores, name) == null) {
                TarArchiveEntry entry = new TarArchiveEntry(name + "/", TarArchiveEntry.LF_DIR);
                entry.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode(dir));
                entry.setModTime(attrs.lastModifiedTime());
                put(entry, null);
            }
            // Descend even when ignored: a later "!dir/file" may keep a file under it.
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            String name = name(file);
            if (excludedBy(ignores, name) != null) return FileVisitResult.CONTINUE;
            if (attrs.isSymbolicLink()) {
                TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(file).toString());
                entry.setModTime(attrs.lastModifiedTime());
                put(entry, null);
            } else if (attrs.isRegularFile()) {
                TarArchiveEntry entry = new TarArchiveEntry(name, TarArchiveEntry.LF_NORMAL);
                entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode(file));
                entry.setSize(attrs.size());
                entry.setModTime(attrs.lastModifiedTime());
                put(entry, file);
            }
            // Sockets, pipes and devices cannot come from a Git checkout; docker build skips them too.
            return FileVisitResult.CONTINUE;
        }

        private void put(TarArchiveEntry entry, Path content) throws IOException {
            archive.putArchiveEntry(entry);
            if (content != null) {
                // NOFOLLOW_LINKS: a file swapped for a link after the walk saw it is refused, not followed.
                try (InputStream in = Files.newInputStream(content, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                    long copied = in.transferTo(archive);
                    if (copied != entry.getSize()) throw new IOException(name(content) + " changed while it was archived");
                }
            }
            archive.closeArchiveEntry();
        }

        private String name(Path p) {
            return root.relativize(p).toString();
        }
    }

    private static int mode(Path p) throws IOException {
        PosixFileAttributes posix = Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
        Set<PosixFilePermission> perms = posix.permissions();
        int mode = 0;
        for (PosixFilePermission perm : PosixFilePermission.values()) {
            if (perms.contains(perm)) mode |= 0400 >> perm.ordinal();
        }
        return mode;
    }

    /** The patterns of the context's own .dockerignore (a link there is not read: it is not the checkout's file). */
    static List<String> ignores(Path root) {
        Path file = root.resolve(".dockerignore");
        List<String> patterns = new ArrayList<>();
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) return patterns;
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new EngineException(".dockerignore cannot be read: " + e.getMessage(), e);
        }
        for (String line : lines) {
            String pattern = line.strip();
            if (pattern.isEmpty() || pattern.startsWith("#")) continue;
            boolean keep = pattern.startsWith("!");
            String path = keep ? pattern.substring(1).strip() : pattern;
            while (path.startsWith("/")) path = path.substring(1);
            path = path.isEmpty() ? "" : Path.of(path).normalize().toString();
            if (path.isEmpty() || path.startsWith("..")) continue;
            patterns.add(keep ? "!" + path : path);
        }
        return patterns;
    }

    /** The pattern that leaves {@code name} out of the context, or null when it is sent. */
    static String excludedBy(List<String> patterns, String name) {
        String last = null;
        for (String pattern : patterns) {
            boolean keep = pattern.startsWith("!");
            try {
                if (GoLangFileMatch.match(keep ? pattern.substring(1) : pattern, name)) last = pattern;
            } catch (RuntimeException bad) {
                throw new EngineException("invalid pattern '" + pattern + "' in .dockerignore: " + bad.getMessage());
            }
        }
        return last == null || last.startsWith("!") ? null : last;
    }

    private static InputStream deletingOnClose(Path tar) throws IOException {
        return new FilterInputStream(Files.newInputStream(tar)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    deleteQuietly(tar);
                }
            }
        };
    }

    private static void deleteQuietly(Path file) {
        if (file == null) return;
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file in the system's temp folder; nothing else depends on it
        }
    }
}
