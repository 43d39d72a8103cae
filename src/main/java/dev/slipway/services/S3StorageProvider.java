package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import dev.slipway.store.SecretStore;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The {@code storage} service on an S3-compatible server ({@code --storage s3://KEY:SECRET@HOST:PORT}):
 * a bucket per environment, path-style, {@code STORAGE_URL=s3://KEY:SECRET@host:port/bucket}. The
 * environments share the server's one key (S3-compatible servers have no common way to make keys);
 * each gets its own bucket.
 */
public final class S3StorageProvider implements ServiceProvider, AutoCloseable {
    /** Any region: S3-compatible servers ignore it, the SDK needs one to sign. */
    static final Region REGION = Region.US_EAST_1;

    private final ServiceUrl server;
    private final SecretStore records;
    private final S3Client client;

    S3StorageProvider(ServiceUrl server, SecretStore records) {
        this.server = server;
        this.records = records;
        this.client = client(server, Duration.ofSeconds(30));
    }

    /** Parses {@code --storage} and checks that the server answers with these credentials (10 s). */
    public static S3StorageProvider connect(String url, SecretStore records, Duration timeout) {
        ServiceUrl parsed = ServiceUrl.parse(FileStorageProvider.NAME, url, "s3", 443);
        S3StorageProvider provider = new S3StorageProvider(parsed, records);
        try (S3Client probe = client(parsed, timeout)) {
            Checks.within(FileStorageProvider.NAME, parsed.address(), timeout, remaining -> attempt(() -> probe.listBuckets()));
        } catch (ServiceUnavailableException e) {
            provider.close();
            throw new InvalidInputException(FileStorageProvider.NAME, "cannot use --storage " + parsed + ": " + e.getMessage());
        }
        return provider;
    }

    static S3Client client(ServiceUrl server, Duration timeout) {
        String scheme = server.port() == 443 ? "https" : "http";
        return S3Client.builder()
                .endpointOverride(URI.create(scheme + "://" + server.address()))
                .region(REGION)
                .forcePathStyle(true)
                // The SDK's default since 2.30 (CRC checksums in aws-chunked uploads) is refused with
                // 501 by many S3-compatible servers (s3proxy, older MinIO and Ceph): only when required.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(server.user(), server.password())))
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
                .overrideConfiguration(o -> o.apiCallTimeout(timeout).retryStrategy(r -> r.maxAttempts(1)))
                .build();
    }

    @Override
    public String name() {
        return FileStorageProvider.NAME;
    }

    @Override
    public boolean provisioned(String project, String environment) {
        return records.resource(project, environment, name()).isPresent();
    }

    @Override
    public Provisioned provision(String project, String environment) {
        Map<String, String> record = records.resource(project, environment, name()).orElseGet(() -> create(project, environment));
        String url = "s3://" + ServiceUrl.encode(server.user()) + ":" + ServiceUrl.encode(server.password()) + "@"
                + server.containerHost() + ":" + server.port() + "/" + record.get("bucket");
        return new Provisioned(Map.of("STORAGE_URL", url), Map.of(), List.of(server.password()));
    }

    private Map<String, String> create(String project, String environment) {
        String bucket = ResourceNames.bucket(project, environment);
        try {
            client.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // created before (a kept bucket, or a concurrent deployment): ours to use
        } catch (S3Exception e) {
            if (e.statusCode() != 409) {
                throw new ServiceUnavailableException(name(), "cannot create bucket " + bucket + " at " + server.address() + ": " + e.awsErrorDetails().errorMessage());
            }
            client.headBucket(b -> b.bucket(bucket));
        } catch (SdkClientException e) {
            throw new ServiceUnavailableException(name(), "cannot create bucket " + bucket + " at " + server.address() + ": " + reason(e));
        }
        return records.saveResourceIfAbsent(project, environment, name(), Map.of("bucket", bucket));
    }

    @Override
    public void check(String project, String environment, Duration timeout) {
        String bucket = records.resource(project, environment, name()).map(r -> r.get("bucket"))
                .orElseThrow(() -> new ServiceUnavailableException(name(), "no bucket has been provisioned for " + project + "/" + environment));
        try (S3Client probe = client(server, timeout)) {
            Checks.within(name(), server.address(), timeout, remaining -> attempt(() -> {
                String key = ".slipway-check-" + UUID.randomUUID();
                probe.headBucket(b -> b.bucket(bucket));
                probe.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("slipway check"));
                probe.deleteObject(b -> b.bucket(bucket).key(key));
            }));
        }
    }

    @Override
    public String deprovision(String project, String environment, boolean deleteData) {
        var record = records.resource(project, environment, name());
        if (record.isEmpty()) return null;
        String bucket = record.get().get("bucket");
        if (deleteData) {
            try {
                emptyAndDelete(bucket);
            } catch (NoSuchBucketException gone) {
                // already deleted by hand: nothing left to do
            } catch (SdkClientException | S3Exception e) {
                throw new ServiceUnavailableException(name(), "cannot delete bucket " + bucket + " at " + server.address() + ": " + e.getMessage());
            }
        }
        records.deleteResource(project, environment, name());
        return (deleteData ? "deleted bucket " : "kept bucket ") + bucket + " at " + server.address();
    }

    /** The environment's bucket (it has been provisioned). */
    String bucket(String project, String environment) {
        return records.resource(project, environment, name()).map(r -> r.get("bucket"))
                .orElseThrow(() -> new ServiceUnavailableException(name(), "no bucket has been provisioned for " + project + "/" + environment));
    }

    S3Client client() {
        return client;
    }

    private void emptyAndDelete(String bucket) {
        // Bounded: a bucket is emptied page by page, each page at most 1,000 keys, until none is left.
        for (int page = 0; page < 100_000; page++) {
            List<S3Object> objects = client.listObjectsV2(b -> b.bucket(bucket)).contents();
            if (objects.isEmpty()) break;
            // One by one: DeleteObjects needs a checksum header that S3-compatible servers often refuse (501).
            objects.forEach(o -> client.deleteObject(b -> b.bucket(bucket).key(o.key())));
        }
        client.deleteBucket(b -> b.bucket(bucket));
    }

    private static void attempt(Runnable call) throws Checks.Failure {
        try {
            call.run();
        } catch (S3Exception e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            // Only an overloaded or restarting server (500, 502-504) may answer differently in a moment.
            boolean permanent = e.statusCode() < 500 || e.statusCode() == 501;
            String what = e.statusCode() == 404 ? "bucket not found" : e.statusCode() == 403 ? "access denied (" + code + ")" : "HTTP " + e.statusCode() + " " + code;
            throw new Checks.Failure(what, permanent);
        } catch (SdkClientException e) {
            throw new Checks.Failure(reason(e), false);
        }
    }

    private static String reason(SdkClientException e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) return "connection refused";
            if (c instanceof SocketTimeoutException) return "no answer";
        }
        return e.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }
}
