package dev.slipway.engine.swarm;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.slipway.engine.swarm.ClusterStartException.step;

/**
 * One worker node: a container of {@link NodeImage} on the cluster's bridge, running its
 * own dockerd (its API on tcp://IP:2375, reachable from the host only through that bridge) and a socat
 * that makes the registry answer on the node's own 127.0.0.1:PORT, the address the manager uses, so
 * one image reference pulls on every node. Images and containers of the inner engine live on a tmpfs
 * that goes with the container.
 */
final class DindNode implements AutoCloseable {
    // Values come in as positional parameters, so nothing is spliced into the script.
    // Not --privileged: that asks for every capability the kernel knows, and this machine's dockerd
    // lacks CAP_SYS_RESOURCE, so runc refuses ("unable to apply caps"). Instead the node gets the
    // capabilities the daemon has, no seccomp/AppArmor/masked paths, all devices, and remounts /sys
    // and its cgroup hierarchies writable for its own dockerd (a plain remount,rw is refused there; with bind it works).
    private static final List<String> CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID",
            "KILL", "SETGID", "SETUID", "SETPCAP", "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW",
            "IPC_LOCK", "IPC_OWNER", "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT",
            "SYS_NICE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP", "MAC_OVERRIDE",
            "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ");
    private static final String START = """
            mount -o remount,rw,bind /sys
            for d in /sys/fs/cgroup/*; do mount -o remount,rw,bind "$d"; done
            socat TCP-LISTEN:"$1",bind=127.0.0.1,fork,reuseaddr TCP:"$2":"$1" &
            exec dockerd --host=unix:///var/run/docker.sock --host=tcp://"$3":2375 \
              --insecure-registry=127.0.0.1:"$1" --storage-driver=overlay2
            """;
    private static final Duration ENGINE_TIMEOUT = Duration.ofSeconds(60);

    private final DockerClient host;
    private final String name;
    private final String ip;
    private final String containerId;
    private DockerClient engine;

    private DindNode(DockerClient host, String name, String ip, String containerId) {
        this.host = host;
        this.name = name;
        this.ip = ip;
        this.containerId = containerId;
    }

    /** Creates and starts the node's container; {@link #awaitEngine} waits for its dockerd. */
    static DindNode start(DockerClient host, String name, String network, String ip, String gateway, int registryPort,
                          Map<String, String> labels) {
        String id = step("creating node container " + name, () -> host.createContainerCmd(NodeImage.TAG)
                .withName(name).withHostName(name).withLabels(labels)
                .withEntrypoint("sh", "-c", START, name)
                .withCmd(String.valueOf(registryPort), gateway, ip)
                .withHostConfig(new UnmaskedHostConfig().withNetworkMode(network)
                        .withCapAdd(CAPABILITIES.stream().map(Capability::valueOf).toArray(Capability[]::new))
                        .withSecurityOpts(List.of("seccomp=unconfined", "apparmor=unconfined"))
                        .withDeviceCgroupRules(List.of("a *:* rwm"))
                        .withTmpFs(Map.of("/var/lib/docker", "rw,size=1g")))
                .withIpv4Address(ip)
                .exec().getId());
        DindNode node = new DindNode(host, name, ip, id);
        try {
            step("starting node container " + name, () -> host.startContainerCmd(id).exec());
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        return node;
    }

    /**
     * The CLI's {@code --security-opt systempaths=unconfined} is no daemon option but these two empty
     * lists, which docker-java 3.5.1's HostConfig does not carry: the inner dockerd writes /proc/sys.
     */
    static final class UnmaskedHostConfig extends HostConfig {
        @JsonProperty("MaskedPaths")
        private final List<String> maskedPaths = List.of();
        @JsonProperty("ReadonlyPaths")
        private final List<String> readonlyPaths = List.of();
    }

    String name() {
        return name;
    }

    String ip() {
        return ip;
    }

    /** Freezes the whole node (its dockerd and its tasks), as a node that stops answering. */
    void freeze() {
        host.pauseContainerCmd(containerId).exec();
    }

    void thaw() {
        host.unpauseContainerCmd(containerId).exec();
    }

    /** The node's own engine, reached over the bridge. */
    DockerClient engine() {
        return engine;
    }

    void awaitEngine() {
        DockerClient client = connect("tcp://" + ip + ":2375");
        Instant deadline = Instant.now().plus(ENGINE_TIMEOUT);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            InspectContainerResponse.ContainerState state = host.inspectContainerCmd(containerId).exec().getState();
            if (!Boolean.TRUE.equals(state.getRunning())) {
                close(client);
                throw new ClusterStartException("waiting for the engine of node " + name, "its container stopped (exit code "
                        + state.getExitCodeLong() + (Boolean.TRUE.equals(state.getOOMKilled()) ? ", OOM-killed" : "")
                        + "); its last log lines: " + logTail());
            }
            try {
                client.pingCmd().exec();
                engine = client;
                return;
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            Pause.millis(250);
        }
        close(client);
        throw new ClusterStartException("waiting for the engine of node " + name + " on tcp://" + ip + ":2375",
                "no answer within " + ENGINE_TIMEOUT.toSeconds() + " s (last: " + last + "); its last log lines: " + logTail());
    }

    /** Joins the swarm as a worker; returns the node's swarm id. */
    String join(String managerAddress, String workerToken) {
        step("joining node " + name + " to the swarm at " + managerAddress, () -> engine.joinSwarmCmd()
                .withRemoteAddrs(List.of(managerAddress)).withJoinToken(workerToken)
                .withListenAddr(ip + ":2377").withAdvertiseAddr(ip).exec());
        return step("reading node " + name + "'s swarm id", () -> engine.infoCmd().exec().getSwarm().getNodeID());
    }

    /** The registry as this node sees it: curl inside the node, on the address the manager uses too. */
    void checkRegistry(String registry) {
        step("reaching the registry at " + registry + " from inside node " + name, () -> {
            Instant deadline = Instant.now().plusSeconds(10);
            Exec result;
            do {
                result = Exec.run(host, containerId, Duration.ofSeconds(10),
                        List.of("curl", "-fsS", "-m", "3", "-o", "/dev/null", "-w", "%{http_code}", "http://" + registry + "/v2/"));
                if (result.exitCode() == 0) return;
                Pause.millis(200);
            } while (Instant.now().isBefore(deadline));
            throw new IllegalStateException("curl exited with " + result.exitCode() + ": " + result.output());
        });
    }

    void leave() {
        if (engine != null) engine.leaveSwarmCmd().withForceEnabled(true).exec();
    }

    String logTail() {
        List<String> lines = new ArrayList<>();
        try {
            host.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withTail(15)
                    .exec(new ResultCallback.Adapter<Frame>() {
                        @Override
                        public void onNext(Frame frame) {
                            synchronized (lines) {
                                lines.add(new String(frame.getPayload(), StandardCharsets.UTF_8).strip());
                            }
                        }
                    }).awaitCompletion(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
        synchronized (lines) {
            return String.join(" | ", lines);
        }
    }

    static DockerClient connect(String dockerHost) {
        var config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).withDockerTlsVerify(false).build();
        var http = new ApacheDockerHttpClient.Builder().dockerHost(config.getDockerHost())
                .connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(60)).build();
        return DockerClientImpl.getInstance(config, http);
    }

    private static void close(DockerClient client) {
        try {
            client.close();
        } catch (IOException ignored) {
            // a client of a node that is going away
        }
    }

    /** Removes the container (the inner engine's tmpfs with it). */
    @Override
    public void close() {
        if (engine != null) close(engine);
        try {
            host.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }
}
