package dev.slipway.services;

import dev.slipway.project.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An environment's media as a tar stream, out and in: the files of its storage directory, or the
 * objects of its bucket (keys as paths). A restore replaces everything: afterwards the storage holds
 * exactly the archive's files, as {@code push-media} promises.
 */
public final class StorageTransfer {
    private final ServiceProvider storage;
    private final Path workDir;

    public StorageTransfer(ServiceProvider storage, Path workDir) {
        this.storage = storage;
        this.workDir = workDir;
    }

    /** Checks first, so that a missing environment is a 404 before the answer's headers are sent. */
    public void requireProvisioned(String project, String environment) {
        if (!storage.provisioned(project, environment)) {
            throw new NotFoundException("no storage has been provisioned for " + project + "/" + environment + " (it is made at its first deployment)");
        }
    }

    public int archive(String project, String environment, OutputStream out) throws IOException {
        requireProvisioned(project, environment);
        if (storage instanceof FileStorageProvider files) {
            return MediaTar.write(files.directory(project, environment), out);
        }
        if (storage instanceof S3StorageProvider s3) {
            return new BucketTar(s3, s3.bucket(project, environment)).write(out);
        }
        throw new IllegalStateException("no archive for storage " + storage.getClass().getSimpleName());
    }

    /** Returns a sentence saying what the storage holds now. */
    public String replace(String project, String environment, InputStream in) {
        requireProvisioned(project, environment);
        if (storage instanceof FileStorageProvider files) {
            Path dir = files.directory(project, environment);
            return "replaced the files in " + dir + " with the archive's " + MediaTar.replaceServerMedia(dir, in) + " files";
        }
        if (storage instanceof S3StorageProvider s3) {
            String bucket = s3.bucket(project, environment);
            Path staging;
            try {
                Files.createDirectories(workDir);
                staging = Files.createTempDirectory(workDir, "media");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write in " + workDir + ": " + e.getMessage(), e);
            }
            try {
                Path dir = staging.resolve("media");
                int files = MediaTar.replace(dir, in);
                new BucketTar(s3, bucket).replaceWith(dir);
                return "replaced the objects of bucket " + bucket + " with the archive's " + files + " files";
            } finally {
                MediaTar.deleteRecursively(staging);
            }
        }
        throw new IllegalStateException("no archive for storage " + storage.getClass().getSimpleName());
    }
}
