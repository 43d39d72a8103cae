package dev.slipway.testing;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.URI;
import java.util.Properties;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3 API server (s3proxy, in-memory backend) in the test's JVM, with fresh credentials. It
 * listens on the Docker bridge's address, so that containers reach it too.
 */
public final class S3Server implements AutoCloseable {
    public final String key = "k" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    public final String secret = "s" + UUID.randomUUID().toString().replace("-", "");
    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private final String host;

    private S3Server(String host) throws Exception {
        this.host = host;
        Properties props = new Properties();
        context = ContextBuilder.newBuilder("transient").credentials("identity", "credential").overrides(props).build(BlobStoreContext.class);
        proxy = S3Proxy.builder().blobStore(context.getBlobStore()).endpoint(URI.create("http://" + host + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, key, secret).build();
        proxy.start();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) throw new AssertionError("s3proxy did not start within 30 s");
            Thread.sleep(10);
        }
    }

    public static S3Server onDockerBridge() {
        try {
            return new S3Server(dockerBridgeAddress());
        } catch (Exception e) {
            throw new AssertionError("cannot start s3proxy: " + e, e);
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return proxy.getPort();
    }

    /** The value of {@code slipway server --storage}. */
    public String url() {
        return "s3://" + key + ":" + secret + "@" + host + ":" + port();
    }

    /** docker0's IPv4 address: where containers find the host (host-gateway). */
    static String dockerBridgeAddress() throws SocketException {
        NetworkInterface docker0 = NetworkInterface.getByName("docker0");
        if (docker0 == null) throw new AssertionError("no docker0 interface: run scripts/start-docker.sh");
        return docker0.inetAddresses().filter(a -> a instanceof Inet4Address).map(InetAddress::getHostAddress).findFirst()
                .orElseThrow(() -> new AssertionError("docker0 has no IPv4 address"));
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping a test server
        }
        context.close();
    }
}
