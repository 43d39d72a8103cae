package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.project.InvalidInputException;
import org.junit.jupiter.api.Test;

class EngineChoiceTest {

    @Test
    void theDockerEngineIsTheDefault() {
        assertThat(EngineChoice.of(null, null)).isEqualTo(EngineChoice.DOCKER);
        assertThat(EngineChoice.of(" Docker ", null)).isEqualTo(EngineChoice.DOCKER);
    }

    @Test
    void swarmTakesTheRegistryAsHostAndPort() {
        assertThat(EngineChoice.of("swarm", "127.0.0.1:5000")).isEqualTo(new EngineChoice(EngineChoice.Kind.SWARM, "127.0.0.1:5000"));
        assertThat(EngineChoice.of("swarm", "registry.internal:443").registry()).isEqualTo("registry.internal:443");
    }

    @Test
    void swarmWithoutARegistryIsRefusedNamingTheFlag() {
        assertThatThrownBy(() -> EngineChoice.of("swarm", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--engine swarm needs --registry HOST:PORT");
    }

    @Test
    void aRegistryThatIsNotHostAndPortIsRefused() {
        for (String bad : new String[] {"http://127.0.0.1:5000", "127.0.0.1", "127.0.0.1:5000/slipway", "127.0.0.1:99999", "-x:5000"}) {
            assertThatThrownBy(() -> EngineChoice.of("swarm", bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("--registry is '" + bad + "'; it must be HOST:PORT");
        }
    }

    @Test
    void aRegistryWithoutSwarmAndAnUnknownEngineAreRefused() {
        assertThatThrownBy(() -> EngineChoice.of("docker", "127.0.0.1:5000")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--registry is for --engine swarm");
        assertThatThrownBy(() -> EngineChoice.of("kubernetes", null)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--engine is 'kubernetes'; it must be 'docker'").hasMessageContaining("or 'swarm'");
    }
}
