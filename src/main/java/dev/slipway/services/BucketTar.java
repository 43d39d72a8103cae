package dev.slipway.services;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A bucket's objects as tar entries (key = path), and a folder's files as the bucket's only objects. */
final class BucketTar {
    private final S3StorageProvider s3;
    private final String bucket;

    BucketTar(S3StorageProvider s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    int write(OutputStream out) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        int files = 0;
        for (S3Object object : objects()) {
            // A key ending in '/' is a "folder" marker of some S3 clients; a tar of files has no use for it.
            if (object.key().endsWith("/") || object.key().startsWith(MediaTar.CHECK_PREFIX)) continue;
            TarArchiveEntry entry = new TarArchiveEntry(object.key());
            entry.setSize(object.size());
            entry.setModTime(object.lastModified().toEpochMilli());
            tar.putArchiveEntry(entry);
            try (InputStream in = s3.client().getObject(b -> b.bucket(bucket).key(object.key()))) {
                in.transferTo(tar);
            }
            tar.closeArchiveEntry();
            files++;
        }
        tar.finish();
        tar.flush();
        return files;
    }

    /** Uploads every file under {@code dir}, then removes the objects it does not have. */
    void replaceWith(Path dir) {
        Set<String> keys = new HashSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String key = dir.relativize(file).toString().replace('\\', '/');
                s3.client().putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(file));
                keys.add(key);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (S3Object object : objects()) {
            if (!keys.contains(object.key())) s3.client().deleteObject(b -> b.bucket(bucket).key(object.key()));
        }
    }

    private List<S3Object> objects() {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().toList();
    }
}
