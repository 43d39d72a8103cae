package dev.slipway.engine;

import dev.slipway.engine.docker.DockerContainerEngine;
import dev.slipway.engine.docker.WebReach;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against the real Docker engine, plus what only the Docker engine does. */
class DockerContainerEngineTest extends ContainerEngineContract {

    @Override
    protected ContainerEngine engine() {
        return DockerTestSupport.engine();
    }

    @Override
    protected void removeNetwork(String name) {
        DockerTestSupport.engine().removeNetwork(name);
    }

    @AfterAll
    static void removeLeftovers() {
        // A test that died half-way leaves containers with the test label behind.
        ContainerEngine engine = DockerTestSupport.engine();
        engine.list(DockerTestSupport.TEST_LABELS).forEach(c -> engine.remove(c.id()));
    }

    @Test
    void unreachableEngineSaysWhereItLookedAndWhatToDo() {
        assertThatThrownBy(() -> DockerContainerEngine.connect("unix:///tmp/slipway-no-such-docker.sock"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Docker engine not reachable at unix:///tmp/slipway-no-such-docker.sock: ")
                .hasMessageContaining("DOCKER_HOST");
    }

    @Test
    void onThisLinuxHostWebContainersAreReachedOnTheirNetworkAddressWithoutDockersProxy() {
        assertThat(DockerTestSupport.engine().reach()).isEqualTo(WebReach.NETWORK);
        String id = engine().create(spec("web", "echo on-network > /index.html && exec httpd -f -p 8080 -h /").withPublishPort(8080));
        engine().start(id);

        WebAddress network = engine().inspect(id).web();
        WebAddress published;
        try (DockerContainerEngine publishing = DockerContainerEngine.connect(WebReach.PUBLISHED)) {
            published = publishing.inspect(id).web();
        }

        assertThat(network.host()).isNotEqualTo("127.0.0.1").matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(network.port()).isEqualTo(8080);
        assertThat(published.host()).isEqualTo("127.0.0.1");
        assertThat(published.port()).isNotEqualTo(8080);
        assertAnswers(network, "on-network\n");
        assertAnswers(published, "on-network\n");
    }

    @Test
    void aStoppedContainerHasNoWebAddress() {
        String id = engine().create(spec("stopped", "exec httpd -f -p 8080 -h /").withPublishPort(8080));
        engine().start(id);
        assertThat(engine().inspect(id).web()).isNotNull();

        engine().stop(id, Duration.ofSeconds(1));

        assertThat(engine().inspect(id).web()).isNull();
    }
}
