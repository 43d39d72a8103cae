package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Media folders as tar streams, both ways: the server's storage directories and a laptop's
 * {@code ./data/media}. Only regular files and directories travel; an archive entry that would land
 * outside the folder (absolute, {@code ..}) or is a link or device is refused before anything changes.
 */
public final class MediaTar {
    /** Files the storage check writes and removes; never worth copying. */
    static final String CHECK_PREFIX = ".slipway-check-";

    private MediaTar() {}

    /** Writes every regular file under {@code dir} (paths relative to it) to {@code out}; returns the number of files. */
    public static int write(Path dir, OutputStream out) throws IOException {
        int files = 0;
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        if (Files.isDirectory(dir)) {
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(dir)) {
                paths = walk.filter(p -> !p.equals(dir)).sorted().toList();
            }
            for (Path p : paths) {
                String name = dir.relativize(p).toString().replace('\\', '/');
                if (p.getFileName().toString().startsWith(CHECK_PREFIX)) continue;
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tar.putArchiveEntry(new TarArchiveEntry(name + "/"));
                    tar.closeArchiveEntry();
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    TarArchiveEntry entry = new TarArchiveEntry(p.toFile(), name);
                    tar.putArchiveEntry(entry);
                    // Opened without following a link: a container that swaps the file for a link
                    // after the check above makes the read fail instead of leaking the link's target.
                    try (var in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
                        in.transferTo(tar);
                    }
                    tar.closeArchiveEntry();
                    files++;
                }
                // Links and devices stay behind: they mean nothing on another machine.
            }
        }
        tar.finish();
        tar.flush();
        return files;
    }

    /**
     * Makes {@code dir} hold exactly the archive's files. The archive is unpacked next to it first,
     * so that a bad or truncated archive changes nothing; then {@code dir}'s entries are replaced in
     * place (the directory itself stays, because running containers have it mounted).
     */
    public static int replace(Path dir, InputStream in) {
        return replace(dir, in, false);
    }

    /** As {@link #replace(Path, InputStream)} for a server's media folder: its files get {@link MediaAccess}'s group and modes. */
    public static int replaceServerMedia(Path dir, InputStream in) {
        return replace(dir, in, true);
    }

    private static int replace(Path dir, InputStream in, boolean server) {
        Path staging = dir.resolveSibling("." + dir.getFileName() + ".incoming-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            Files.createDirectories(dir);
            int files = extract(staging, in, server);
            try (Stream<Path> old = Files.list(dir)) {
                for (Path p : old.toList()) deleteRecursively(p);
            }
            try (Stream<Path> fresh = Files.list(staging)) {
                for (Path p : fresh.toList()) Files.move(p, dir.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace the files in " + dir + ": " + e.getMessage(), e);
        } finally {
            deleteRecursively(staging);
        }
    }

    private static int extract(Path target, InputStream in, boolean server) throws IOException {
        Files.createDirectories(target);
        int files = 0;
        // Without this, something that is not a tar at all reads as an empty archive, and would empty the folder.
        BufferedInputStream buffered = new BufferedInputStream(in, 1024);
        buffered.mark(512);
        byte[] header = buffered.readNBytes(512);
        buffered.reset();
        boolean empty = header.length == 512 && allZero(header);
        if (!empty && !TarArchiveInputStream.matches(header, header.length)) {
            throw new InvalidInputException("archive", "the upload is not a tar archive (ustar or GNU tar)");
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(buffered);
        TarArchiveEntry entry;
        try {
            while ((entry = tar.getNextEntry()) != null) {
                Path path = inside(target, entry.getName());
                // Checked first: commons-compress counts every entry that is not a directory as a file.
                boolean special = entry.isSymbolicLink() || entry.isLink() || entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO();
                if (special) {
                    throw new InvalidInputException("archive", "archive entry '" + entry.getName() + "' is a link or a device; only files and directories are accepted");
                } else if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    if (server) MediaAccess.directory(path);
                    else setMode(path, "rwxrwxrwx");
                } else if (entry.isFile()) {
                    createParents(target, path, server);
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    // The app in the container may not run as root: on a laptop, ./data/media is the developer's own.
                    if (server) MediaAccess.file(path);
                    else setMode(path, "rw-rw-rw-");
                    if (entry.getModTime() != null) Files.setLastModifiedTime(path, FileTime.from(entry.getModTime().toInstant()));
                    files++;
                } else {
                    throw new InvalidInputException("archive", "archive entry '" + entry.getName() + "' is a link or a device; only files and directories are accepted");
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("archive", "the archive is not a complete tar file: " + e.getMessage());
        }
        return files;
    }

    private static void createParents(Path target, Path file, boolean server) throws IOException {
        Path parent = file.getParent();
        if (Files.isDirectory(parent)) return;
        createParents(target, parent, server);
        Files.createDirectory(parent);
        if (server) MediaAccess.directory(parent);
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) return false;
        }
        return true;
    }

    private static Path inside(Path target, String name) {
        Path path = target.resolve(name).normalize();
        if (name.startsWith("/") || !path.startsWith(target)) {
            throw new InvalidInputException("archive", "archive entry '" + name + "' points outside the media folder");
        }
        return path;
    }

    private static void setMode(Path path, String mode) {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
        } catch (IOException | UnsupportedOperationException e) {
            // Best effort: a file system without POSIX modes keeps what it has.
        }
    }

    static void deleteRecursively(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path + ": " + e.getMessage(), e);
        }
    }
}
