package dev.slipway.engine.docker;

import com.github.dockerjava.api.model.Info;
import dev.slipway.engine.EngineException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebReachTest {
    private static final String SOCKET = "unix:///var/run/docker.sock";
    private static final Info NATIVE = new Info().withOperatingSystem("Debian GNU/Linux 12 (bookworm)")
            .withSecurityOptions(List.of("name=seccomp,profile=default"));

    @Test
    void aNativeEngineOnThisLinuxHostIsReachedOnItsNetworks() {
        assertThat(System.getProperty("os.name")).isEqualTo("Linux");
        assertThat(WebReach.choose(null, SOCKET, () -> NATIVE)).isEqualTo(WebReach.NETWORK);
    }

    @Test
    void enginesWhoseContainerAddressesThisHostCannotReachUsePublishedPorts() {
        assertThat(WebReach.choose(null, SOCKET, () -> new Info().withOperatingSystem("Docker Desktop"))).isEqualTo(WebReach.PUBLISHED);
        assertThat(WebReach.choose(null, "unix:///run/user/1000/docker.sock", () -> new Info().withOperatingSystem("Debian GNU/Linux 12 (bookworm)")
                .withSecurityOptions(List.of("name=seccomp,profile=default", "name=rootless")))).isEqualTo(WebReach.PUBLISHED);
        assertThat(WebReach.choose(null, "tcp://10.0.0.5:2375", () -> NATIVE)).isEqualTo(WebReach.PUBLISHED);
    }

    @Test
    void theVariableOverridesTheChoice() {
        assertThat(WebReach.choose(WebReach.fromVariable("published"), SOCKET, () -> NATIVE)).isEqualTo(WebReach.PUBLISHED);
        assertThat(WebReach.choose(WebReach.fromVariable(" Network "), "tcp://10.0.0.5:2375", () -> NATIVE)).isEqualTo(WebReach.NETWORK);
        assertThat(WebReach.fromVariable("")).isNull();
        assertThat(WebReach.fromVariable(null)).isNull();
    }

    @Test
    void theEnginesDescriptionIsNotAskedForWhenTheChoiceIsAlreadyMade() {
        Supplier<Info> unasked = () -> {
            throw new AssertionError("docker info was asked for");
        };
        assertThat(WebReach.choose(WebReach.PUBLISHED, SOCKET, unasked)).isEqualTo(WebReach.PUBLISHED);
        assertThat(WebReach.choose(null, "tcp://10.0.0.5:2375", unasked)).isEqualTo(WebReach.PUBLISHED);
    }

    @Test
    void anUnknownValueNamesTheVariableAndTheValuesItTakes() {
        assertThatThrownBy(() -> WebReach.fromVariable("bridge"))
                .isInstanceOf(EngineException.class)
                .hasMessage("SLIPWAY_UPSTREAMS is 'bridge'; it must be 'network' (the container's address on its Docker network)"
                        + " or 'published' (the port Docker publishes on 127.0.0.1)");
    }
}
