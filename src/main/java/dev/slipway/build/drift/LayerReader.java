package dev.slipway.build.drift;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Reads one layer tar as it streams past: hashes each file's content (never holding a file in
 * memory), notes whiteouts (the OCI image spec's ".wh." files) and parses package files on the way.
 */
final class LayerReader {
    static final String WHITEOUT_PREFIX = ".wh.";
    static final String OPAQUE = ".wh..wh..opq";
    private static final int BUFFER = 64 * 1024;

    private LayerReader() {}

    /** {@code in} may be plain or gzip-compressed (layers saved from a registry pull are); it is not closed. */
    static LayerContents read(InputStream in, Instant deadline) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(new NonClosing(in), BUFFER);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        InputStream tar = gzip ? new GZIPInputStream(buffered, BUFFER) : buffered;

        Map<String, FileEntry> files = new HashMap<>();
        Set<String> deleted = new HashSet<>();
        Set<String> opaque = new HashSet<>();
        Map<String, List<InstalledPackage>> packages = new HashMap<>();
        TarArchiveInputStream entries = new TarArchiveInputStream(tar);
        byte[] buffer = new byte[BUFFER];
        for (TarArchiveEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
            ImageArchive.checkDeadline(deadline);
            String path = normalize(entry.getName());
            if (path.isEmpty()) continue;
            String parent = path.substring(0, path.lastIndexOf('/'));
            String base = path.substring(path.lastIndexOf('/') + 1);
            if (base.equals(OPAQUE)) {
                opaque.add(parent);
                files.put(path, FileEntry.whiteout());
            } else if (base.startsWith(WHITEOUT_PREFIX)) {
                String target = parent + "/" + base.substring(WHITEOUT_PREFIX.length());
                deleted.add(target);
                files.put(target, FileEntry.whiteout());
            } else {
                files.put(path, entry(entry, path, entries, buffer, packages));
            }
        }
        return new LayerContents(files, deleted, opaque, packages);
    }

    private static FileEntry entry(TarArchiveEntry entry, String path, InputStream content, byte[] buffer,
                                   Map<String, List<InstalledPackage>> packages) throws IOException {
        int mode = entry.getMode() & 07777;
        if (entry.isDirectory()) return new FileEntry(FileEntry.Kind.DIRECTORY, null, mode, null);
        if (entry.isSymbolicLink()) return new FileEntry(FileEntry.Kind.SYMLINK, null, mode, entry.getLinkName());
        if (entry.isLink()) return new FileEntry(FileEntry.Kind.HARDLINK, null, mode, normalize(entry.getLinkName()));
        if (!entry.isFile()) return new FileEntry(FileEntry.Kind.OTHER, null, mode, null);

        DigestInputStream digesting = new DigestInputStream(content, sha256());
        if (PackageFiles.isPackageFile(path, entry.getSize())) {
            packages.put(path, PackageFiles.parse(path, new NonClosing(digesting)));
        }
        while (digesting.read(buffer) >= 0) {
            // drain: the digest covers every byte, whatever the parser read
        }
        return new FileEntry(FileEntry.Kind.FILE, HexFormat.of().formatHex(digesting.getMessageDigest().digest()), mode, null);
    }

    /** "./usr/bin/", "usr/bin" and "/usr/bin" are all "/usr/bin"; the root is "". */
    static String normalize(String name) {
        String path = name;
        while (path.startsWith("./")) path = path.substring(2);
        while (path.startsWith("/")) path = path.substring(1);
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        if (path.isEmpty() || path.equals(".")) return "";
        return "/" + path;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Keeps inner readers from closing the archive they read from. */
    static final class NonClosing extends FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
            // the outer stream's owner closes it
        }
    }
}
