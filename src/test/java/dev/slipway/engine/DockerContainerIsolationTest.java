package dev.slipway.engine;

import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.HostConfig;
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
