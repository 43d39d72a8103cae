package dev.slipway.engine;

import dev.slipway.engine.docker.DockerContainerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
}
