package dev.slipway.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.InvalidInputException;
import dev.slipway.project.NotFoundException;
import dev.slipway.testing.S3Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** An environment's media as a tar, out and in, on a bucket (s3proxy) and on a host directory. */
class StorageTransferTest {
    @TempDir Path data;
    ProviderFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new ProviderFixture(data, "test", "live");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aBucketsObjectsGoOutAsATarAndAnArchiveReplacesThemAll() throws Exception {
        try (S3Server s3 = S3Server.onDockerBridge();
                S3StorageProvider storage = S3StorageProvider.connect(s3.url(), fixture.records, Duration.ofSeconds(10));
                S3Client client = S3StorageProvider.client(ServiceUrl.parse("storage", s3.url(), "s3", 443), Duration.ofSeconds(10))) {
            storage.provision(fixture.project, "test");
            String bucket = ResourceNames.bucket(fixture.project, "test");
            client.putObject(b -> b.bucket(bucket).key("a.txt"), RequestBody.fromString("first"));
            client.putObject(b -> b.bucket(bucket).key("deep/er/b.txt"), RequestBody.fromString("second"));
            StorageTransfer transfer = new StorageTransfer(storage, data.resolve("work"));

            ByteArrayOutputStream tar = new ByteArrayOutputStream();
            assertThat(transfer.archive(fixture.project, "test", tar)).isEqualTo(2);
            Path unpacked = data.resolve("unpacked");
            MediaTar.replace(unpacked, new ByteArrayInputStream(tar.toByteArray()));
            assertThat(files(unpacked)).containsExactly("a.txt", "deep/er/b.txt");
            assertThat(unpacked.resolve("deep/er/b.txt")).hasContent("second");

            Files.writeString(unpacked.resolve("new.txt"), "third");
            Files.delete(unpacked.resolve("a.txt"));
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            MediaTar.write(unpacked, back);
            assertThat(transfer.replace(fixture.project, "test", new ByteArrayInputStream(back.toByteArray())))
                    .isEqualTo("replaced the objects of bucket " + bucket + " with the archive's 2 files");
            assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList())
                    .containsExactly("deep/er/b.txt", "new.txt");
            assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("new.txt")).asUtf8String()).isEqualTo("third");
            storage.deprovision(fixture.project, "test", true);
        }
    }

    @Test
    void anArchiveThatReachesOutsideTheFolderOrHoldsALinkChangesNothing() throws Exception {
        FileStorageProvider storage = new FileStorageProvider(data.resolve("media"), fixture.records);
        storage.provision(fixture.project, "test");
        Path dir = storage.directory(fixture.project, "test");
        Files.writeString(dir.resolve("kept.txt"), "before");
        StorageTransfer transfer = new StorageTransfer(storage, data.resolve("work"));

        assertThatThrownBy(() -> transfer.replace(fixture.project, "test", tar(new TarArchiveEntry("ok.txt"), new TarArchiveEntry("../../escaped.txt"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("archive entry '../../escaped.txt' points outside the media folder");
        TarArchiveEntry link = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
        link.setLinkName("/etc/passwd");
        assertThatThrownBy(() -> transfer.replace(fixture.project, "test", tar(link)))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("archive entry 'link' is a link or a device");
        assertThatThrownBy(() -> transfer.replace(fixture.project, "test", new ByteArrayInputStream("not a tar at all, but long enough to be read as one".repeat(20).getBytes())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the upload is not a tar archive");

        assertThat(files(dir)).containsExactly("kept.txt");
        assertThat(data.resolve("media").resolve(fixture.project)).isDirectoryNotContaining(p -> p.getFileName().toString().contains("incoming"));
        assertThat(Files.exists(data.resolve("escaped.txt")) || Files.exists(data.resolve("media/escaped.txt"))).isFalse();
        assertThatThrownBy(() -> transfer.archive(fixture.project, "live", new ByteArrayOutputStream()))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no storage has been provisioned for " + fixture.project + "/live");
    }

    private static ByteArrayInputStream tar(TarArchiveEntry... entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (TarArchiveEntry e : entries) {
                byte[] body = e.isFile() ? "x".getBytes(StandardCharsets.UTF_8) : new byte[0];
                e.setSize(body.length);
                tar.putArchiveEntry(e);
                tar.write(body);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static List<String> files(Path dir) throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        }
    }
}
