package dev.slipway.services;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who may use an environment's media folder on the server: root, and the environment's containers,
 * which get {@link #GROUP} as a supplementary group whatever user their image runs as. Folders are
 * 2770 (setgid, so what an app writes keeps the group) and files 0660: nothing is world-readable or
 * world-writable, and no image's user has to be known in advance.
 */
public final class MediaAccess {
    /**
     * Outside the ranges Debian gives to system groups and user accounts (0–999, 1000–59999) and not
     * nogroup (65534), so no host account reaches the media by belonging to it.
     */
    public static final int GROUP = 61_000;
    static final int DIRECTORY_MODE = 02770;
    static final int FILE_MODE = 0660;

    private MediaAccess() {}

    static void directory(Path dir) throws IOException {
        apply(dir, DIRECTORY_MODE);
    }

    static void file(Path file) throws IOException {
        apply(file, FILE_MODE);
    }

    private static void apply(Path path, int mode) throws IOException {
        try {
            Files.setAttribute(path, "unix:gid", GROUP);
            Files.setAttribute(path, "unix:mode", mode);
        } catch (UnsupportedOperationException | IllegalArgumentException noUnixAttributes) {
            throw new IOException("cannot set group " + GROUP + " and mode " + Integer.toOctalString(mode) + " on " + path
                    + ": the file system has no POSIX owners", noUnixAttributes);
        }
    }
}
