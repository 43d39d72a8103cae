package dev.slipway.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.InvalidInputException;
import dev.slipway.testing.S3Server;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The storage service on s3proxy (a real S3 API server) and on host directories. */
class StorageProviderTest {
    static S3Server s3;
    @TempDir Path data;
    ProviderFixture fixture;

    @BeforeAll
    static void startS3() {
        s3 = S3Server.onDockerBridge();
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void setUp() {
        fixture = new ProviderFixture(data, "test", "live");
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void s3ProvisioningCreatesOneBucketPerEnvironmentAndChecksIt() {
        try (S3StorageProvider storage = S3StorageProvider.connect(s3.url(), fixture.records, Duration.ofSeconds(10));
                S3Client client = S3StorageProvider.client(ServiceUrl.parse("storage", s3.url(), "s3", 443), Duration.ofSeconds(10))) {
            Provisioned test = storage.provision(fixture.project, "test");
            assertThat(storage.provision(fixture.project, "test")).isEqualTo(test);
            Provisioned live = storage.provision(fixture.project, "live");
            String testBucket = ResourceNames.bucket(fixture.project, "test");
            assertThat(test.variables()).containsExactly(Map.entry("STORAGE_URL",
                    "s3://" + s3.key + ":" + s3.secret + "@" + s3.host() + ":" + s3.port() + "/" + testBucket));
            assertThat(live.variables().get("STORAGE_URL")).endsWith("/" + ResourceNames.bucket(fixture.project, "live")).isNotEqualTo(test.variables().get("STORAGE_URL"));
            assertThat(test.secrets()).containsExactly(s3.secret);
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).contains(testBucket, ResourceNames.bucket(fixture.project, "live"));

            storage.check(fixture.project, "test", Duration.ofSeconds(5));
            assertThat(client.listObjectsV2(b -> b.bucket(testBucket)).contents()).as("the check's object is removed").isEmpty();

            client.putObject(b -> b.bucket(testBucket).key("media/a.txt"), RequestBody.fromString("a"));
            assertThat(storage.deprovision(fixture.project, "live", false)).startsWith("kept bucket ");
            assertThat(storage.deprovision(fixture.project, "test", true)).isEqualTo("deleted bucket " + testBucket + " at " + s3.host() + ":" + s3.port());
            assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).doesNotContain(testBucket).contains(ResourceNames.bucket(fixture.project, "live"));
        }
    }

    @Test
    void s3CheckSaysWhenTheServerIsGone() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (S3StorageProvider storage = S3StorageProvider.connect(s3.url(), fixture.records, Duration.ofSeconds(10));
                S3StorageProvider gone = new S3StorageProvider(ServiceUrl.parse("storage", "s3://k:s@127.0.0.1:" + closed, "s3", 443), fixture.records)) {
            storage.provision(fixture.project, "test");
            assertThatThrownBy(() -> gone.check(fixture.project, "test", Duration.ofSeconds(2)))
                    .isInstanceOf(ServiceUnavailableException.class)
                    .hasMessage("storage: connection refused at 127.0.0.1:" + closed + " after 2 s");
        }
    }

    @Test
    void badS3CredentialsAreRefusedAtStartWithoutTheSecret() {
        String wrong = "s3://" + s3.key + ":not-the-secret@" + s3.host() + ":" + s3.port();
        assertThatThrownBy(() -> S3StorageProvider.connect(wrong, fixture.records, Duration.ofSeconds(5)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--storage")
                .hasMessageContaining("access denied")
                .hasMessageNotContaining("not-the-secret");
    }

    @Test
    void withoutS3AnEnvironmentGetsADirectoryMountedAtDataMediaThatOtherUsersCannotReach() throws Exception {
        FileStorageProvider files = new FileStorageProvider(data.resolve("media"), fixture.records);
        Provisioned p = files.provision(fixture.project, "test");
        Path dir = data.resolve("media").resolve(fixture.project).resolve("test").toAbsolutePath();
        assertThat(p.variables()).containsExactly(Map.entry("STORAGE_URL", "file:///data/media"));
        assertThat(p.mounts()).containsExactly(Map.entry(dir.toString(), "/data/media"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwxrwx---");
        files.check(fixture.project, "test", Duration.ofSeconds(5));
        try (var listing = Files.list(dir)) {
            assertThat(listing).isEmpty();
        }
        Files.writeString(dir.resolve("upload.png"), "x");
        assertThat(files.deprovision(fixture.project, "test", false)).isEqualTo("kept directory " + dir);
        assertThat(dir.resolve("upload.png")).exists();
        files.provision(fixture.project, "test");
        assertThat(files.deprovision(fixture.project, "test", true)).isEqualTo("deleted directory " + dir);
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDirectoryThatCannotBeWrittenFailsTheCheck() throws Exception {
        FileStorageProvider files = new FileStorageProvider(data.resolve("media"), fixture.records);
        files.provision(fixture.project, "test");
        Path dir = data.resolve("media").resolve(fixture.project).resolve("test");
        Files.delete(dir);
        Files.writeString(dir, "a file where the directory was");
        assertThatThrownBy(() -> files.check(fixture.project, "test", Duration.ofSeconds(5)))
                .isInstanceOf(ServiceUnavailableException.class)
                .hasMessageStartingWith("storage: directory " + dir.toAbsolutePath() + " is not writable");
    }

    @Test
    void resourceNamesNeverCollideAndFitTheirLimits() {
        assertThat(ResourceNames.bucket("a--b", "c")).isNotEqualTo(ResourceNames.bucket("a", "b--c"));
        assertThat(ResourceNames.database("a-b", "c")).isNotEqualTo(ResourceNames.database("a", "b-c"));
        String long40 = "p" + "x".repeat(39);
        String longEnv = "e" + "y".repeat(39);
        assertThat(ResourceNames.database(long40, longEnv)).hasSizeLessThanOrEqualTo(63)
                .isNotEqualTo(ResourceNames.database(long40, longEnv.substring(0, 39) + "z"));
        assertThat(ResourceNames.bucket(long40, longEnv)).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9][a-z0-9-]*[a-z0-9]");
        assertThat(URI.create("s3://" + ServiceUrl.encode("k/+ ey") + ":x@h:1/b").getRawUserInfo()).isEqualTo("k%2F%2B%20ey:x");
        assertThat(ServiceUrl.isLoopback("127.0.0.1")).isTrue();
        assertThat(ServiceUrl.isLoopback("localhost")).isTrue();
        assertThat(ServiceUrl.isLoopback("172.17.0.1")).isFalse();
    }
}
