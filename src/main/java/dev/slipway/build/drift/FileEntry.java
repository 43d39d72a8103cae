package dev.slipway.build.drift;

/**
 * One path in one layer, as far as drift is concerned: what it is, its content digest, its
 * permission bits and, for links, where it points. Never mtimes, owners' names or tar bytes: those
 * differ between any two builds and say nothing about what the image runs.
 */
record FileEntry(Kind kind, String sha256, int mode, String linkTarget) {
    enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, WHITEOUT, OTHER }

    static FileEntry whiteout() {
        return new FileEntry(Kind.WHITEOUT, null, 0, null);
    }

    /** Why {@code after} is not {@code this}, in a few words ("content differs", "mode 0644 → 0755"). */
    String differenceTo(FileEntry after) {
        if (kind != after.kind) return kind.name().toLowerCase() + " → " + after.kind.name().toLowerCase();
        if (sha256 != null && !sha256.equals(after.sha256)) return "content differs";
        if (linkTarget != null && !linkTarget.equals(after.linkTarget)) return "link target " + linkTarget + " → " + after.linkTarget;
        if (mode != after.mode) return String.format("mode %04o → %04o", mode, after.mode);
        return "differs";
    }
}
