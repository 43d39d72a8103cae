package dev.slipway.engine;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
import dev.slipway.engine.docker.DockerContainerEngine;
import dev.slipway.engine.docker.WebReach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The isolation contract against the real Docker engine, plus how Docker itself records it. */
class DockerContainerIsolationTest extends ContainerIsolationContract {

    @Override
    protected ContainerEngine engine() {
        return DockerTestSupport.engine();
    }

    @Test
    void aWebContainerOnAnIsolatedNetworkIsReachedFromThisHostEitherWay() {
        String network = network("reached");
        String id = engine().create(spec("reached", "echo reached > /index.html && exec httpd -f -p 8080 -h /")
                .withNetwork(network).withPublishPort(8080).withPrivileges(Privileges.WEB_APP));
        engine().start(id);

        WebAddress direct = engine().inspect(id).web();
        WebAddress published;
        try (DockerContainerEngine publishing = DockerContainerEngine.connect(WebReach.PUBLISHED)) {
            published = publishing.inspect(id).web();
        }

        assertThat(direct.host()).isNotEqualTo("127.0.0.1");
        assertThat(published.host()).isEqualTo("127.0.0.1");
        ContainerEngineContract.assertAnswers(direct, "reached\n");
        ContainerEngineContract.assertAnswers(published, "reached\n");
    }

    @Test
    void moreNetworksThanDockersDefaultPoolsHoldCanBeCreated() {
        // Docker's default pools hold 30 networks (15 /16s and 16 /20s, less docker0's).
        List<String> made = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) made.add(network("many-" + i));

        assertThat(engine().networks(labels())).containsExactlyInAnyOrderElementsOf(made);
        for (String name : made) {
            String subnet = DockerTestSupport.client().inspectNetworkCmd().withNetworkId(name).exec().getIpam().getConfig().getFirst().getSubnet();
            assertThat(subnet).as(name).startsWith("172.").endsWith(".0/24");
        }
    }

    @Test
    void dockerRecordsTheNetworkLimitsAndCapabilitiesInTheHostConfig() {
        String network = network("recorded");
        String id = engine().create(spec("recorded", "sleep 60").withNetwork(network)
                .withLimits(new Limits(256L * 1024 * 1024, 1500, 128)).withPrivileges(Privileges.WEB_APP));

        HostConfig host = DockerTestSupport.inspect(id).getHostConfig();

        assertThat(host.getNetworkMode()).isEqualTo(network);
        assertThat(host.getMemory()).isEqualTo(256L * 1024 * 1024);
        assertThat(host.getMemorySwap()).isEqualTo(256L * 1024 * 1024);
        assertThat(host.getNanoCPUs()).isEqualTo(1_500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(128L);
        assertThat(host.getCapDrop()).containsExactly(Capability.ALL);
        assertThat(host.getCapAdd()).extracting(Capability::name).containsExactlyElementsOf(Privileges.WEB_APP.capabilities());
        assertThat(host.getSecurityOpts()).isEqualTo(List.of("no-new-privileges:true"));
    }
}
