package dev.slipway.engine.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.EndpointResolutionMode;
import com.github.dockerjava.api.model.EndpointSpec;
import com.github.dockerjava.api.model.Mount;
import com.github.dockerjava.api.model.MountType;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.PortConfig;
import com.github.dockerjava.api.model.PortConfigProtocol;
import com.github.dockerjava.api.model.ResourceRequirements;
import com.github.dockerjava.api.model.ResourceSpecs;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServicePlacement;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.TaskSpec;
import dev.slipway.engine.EngineException;
import dev.slipway.engine.Limits;
import dev.slipway.engine.Privileges;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceMappingTest {
    private static final String IMAGE = "127.0.0.1:5000/slipway/shop@sha256:abc";
    private static final String IMAGE_ID = "sha256:0123456789abcdef";
    private static final String MANAGER = "10.1.2.1";

    @Test
    void aPlainContainerIsAServiceOfNoReplicasThatNeverRestarts() {
        dev.slipway.engine.ContainerSpec spec = dev.slipway.engine.ContainerSpec.of("shop-web", "shop:1")
                .withLabels(Map.of("slipway.project", "shop"));

        ServiceDefinition service = ServiceMapping.service(spec, "shop-web", IMAGE, IMAGE_ID, MANAGER);

        assertThat(service).isEqualTo(new ServiceDefinition(new ServiceSpec()
                .withName("shop-web")
                .withLabels(Map.of("slipway.project", "shop", ServiceMapping.IMAGE_LABEL, "shop:1", ServiceMapping.IMAGE_ID_LABEL, IMAGE_ID))
                .withTaskTemplate(new TaskSpec()
                        .withContainerSpec(new ContainerSpec().withImage(IMAGE).withLabels(Map.of("slipway.project", "shop"))
                                .withEnv(List.of()).withInit(true))
                        .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE)))
                .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(0)))
                .withEndpointSpec(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)),
                List.of(), List.of(), List.of(), null, false));
    }

    @Test
    void everyFieldOfTheSpecLandsInTheService() {
        dev.slipway.engine.ContainerSpec spec = dev.slipway.engine.ContainerSpec.of("shop-web", "shop:1")
                .withCommand(List.of("/bin/sh", "-c", "exec httpd -f -p 8080"))
                .withEnv(Map.of("PORT", "8080", "A", "1"))
                .withPublishPort(8080)
                .withNetwork("slipway-shop-test")
                .withExtraHosts(List.of("host.docker.internal:host-gateway", "db:10.9.9.9"))
                .withMounts(Map.of("/srv/media", "/data/media"))
                .withLimits(new Limits(256L << 20, 500, 100))
                .withPrivileges(Privileges.WEB_APP)
                .withGroups(List.of("1001"));

        ServiceDefinition service = ServiceMapping.service(spec, "shop-web", IMAGE, IMAGE_ID, MANAGER);

        assertThat(service.spec().getTaskTemplate()).isEqualTo(new TaskSpec()
                .withContainerSpec(new ContainerSpec().withImage(IMAGE).withLabels(Map.of())
                        .withEnv(List.of("A=1", "PORT=8080")).withInit(true)
                        .withArgs(List.of("/bin/sh", "-c", "exec httpd -f -p 8080"))
                        .withHosts(List.of("10.1.2.1 host.docker.internal", "10.9.9.9 db"))
                        .withMounts(List.of(new Mount().withType(MountType.BIND).withSource("/srv/media").withTarget("/data/media"))))
                .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.NONE))
                .withPlacement(new ServicePlacement().withConstraints(List.of("node.role==manager")))
                .withNetworks(List.of(new NetworkAttachmentConfig().withTarget("slipway-shop-test")))
                .withResources(new ResourceRequirements().withLimits(new ResourceSpecs().withMemoryBytes(256L << 20).withNanoCPUs(500_000_000L))));
        assertThat(service.spec().getEndpointSpec()).isEqualTo(new EndpointSpec().withMode(EndpointResolutionMode.DNSRR)
                .withPorts(List.of(new PortConfig().withProtocol(PortConfigProtocol.TCP).withTargetPort(8080).withPublishedPort(0)
                        .withPublishMode(PortConfig.PublishMode.host))));
        assertThat(service.capabilityDrop()).containsExactly("ALL");
        assertThat(service.capabilityAdd()).containsExactly("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
                "CAP_NET_BIND_SERVICE", "CAP_SETGID", "CAP_SETUID");
        assertThat(service.groups()).containsExactly("1001");
        assertThat(service.pidsLimit()).isEqualTo(100L);
        assertThat(service.noNewPrivileges()).isTrue();
    }

    @Test
    void theRequestBodyCarriesWhatDockerJavaDoesNotModel() {
        dev.slipway.engine.ContainerSpec spec = dev.slipway.engine.ContainerSpec.of("w", "shop:1")
                .withLimits(new Limits(1L << 30, 1000, 64)).withPrivileges(new Privileges(List.of("KILL"), true)).withGroups(List.of("media"))
                .withPublishPort(8080);

        JsonNode body = ServiceMapping.service(spec, "w", IMAGE, IMAGE_ID, MANAGER).toJson(RawApi.JSON);

        JsonNode container = body.path("TaskTemplate").path("ContainerSpec");
        assertThat(container.path("CapabilityAdd").toString()).isEqualTo("[\"CAP_KILL\"]");
        assertThat(container.path("CapabilityDrop").toString()).isEqualTo("[\"ALL\"]");
        assertThat(container.path("Groups").toString()).isEqualTo("[\"media\"]");
        assertThat(container.path("Init").asBoolean()).isTrue();
        assertThat(container.path("Privileges").toString()).isEqualTo("{\"NoNewPrivileges\":true}");
        assertThat(body.path("TaskTemplate").path("Resources").path("Limits").toString())
                .isEqualTo("{\"MemoryBytes\":1073741824,\"NanoCPUs\":1000000000,\"Pids\":64}");
        assertThat(body.path("TaskTemplate").path("RestartPolicy").path("Condition").asText()).isEqualTo("none");
        assertThat(body.path("EndpointSpec").path("Mode").asText()).isEqualTo("dnsrr");
        assertThat(body.path("EndpointSpec").path("Ports").get(0).path("PublishMode").asText()).isEqualTo("host");
        assertThat(body.path("Mode").path("Replicated").path("Replicas").asInt(-1)).isZero();
    }

    @Test
    void anExtraHostWithoutAnAddressIsRefusedNamingIt() {
        assertThatThrownBy(() -> ServiceMapping.hostsEntry("host.docker.internal", MANAGER))
                .isInstanceOf(EngineException.class).hasMessageContaining("'host.docker.internal'");
    }

    @Test
    void theRegistryRepositoryIsNamedAfterTheImageWithoutTagOrRegistry() {
        assertThat(ServiceMapping.repository("127.0.0.1:5000", "busybox:1.36")).isEqualTo("127.0.0.1:5000/slipway/busybox");
        assertThat(ServiceMapping.repository("r:1", "slipway-test/hello:abcd")).isEqualTo("r:1/slipway/slipway-test/hello");
        assertThat(ServiceMapping.repository("r:1", "localhost:5000/shop/web:1")).isEqualTo("r:1/slipway/shop/web");
        assertThat(ServiceMapping.repository("r:1", "sha256:0123")).isEqualTo("r:1/slipway/image");
        assertThat(ServiceMapping.shortId("sha256:0123456789abcdef")).isEqualTo("0123456789ab");
    }

    @Test
    void userLabelsLeaveOutSlipwaysBookkeeping() {
        assertThat(ServiceMapping.userLabels(Map.of("a", "1", ServiceMapping.IMAGE_LABEL, "x", ServiceMapping.IMAGE_ID_LABEL, "y")))
                .isEqualTo(Map.of("a", "1"));
    }
}
