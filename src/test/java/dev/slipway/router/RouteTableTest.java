package dev.slipway.router;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTableTest {

    private final Upstream a = new Upstream("127.0.0.1", 10001);
    private final Upstream b = new Upstream("127.0.0.1", 10002);
    private final RouteTable table = new RouteTable();

    @Test
    void generatedHostResolvesIgnoringPortCaseAndTrailingDot() {
        table.switchTo("shop", "test", List.of(a));

        for (String host : List.of("test.shop.localhost", "Test.SHOP.localhost:8080", "test.shop.localhost.")) {
            assertThat(table.resolve(host)).isEqualTo(new Resolution.Routed("shop", "test", a, List.of(a)));
        }
    }

    @Test
    void unknownHostsResolveToUnknown() {
        table.switchTo("shop", "test", List.of(a));

        for (String host : List.of("live.shop.localhost", "test.shop.example.com", "shop.localhost", "x.test.shop.localhost", "")) {
            assertThat(table.resolve(host)).isInstanceOf(Resolution.UnknownHost.class);
        }
        assertThat(table.resolve(null)).isInstanceOf(Resolution.UnknownHost.class);
    }

    @Test
    void declaredEnvironmentWithoutUpstreamsHasNoUpstream() {
        table.declare("shop", "test");

        assertThat(table.resolve("test.shop.localhost")).isEqualTo(new Resolution.NoUpstream("shop", "test"));
    }

    @Test
    void declareKeepsTheUpstreamsOfAKnownEnvironment() {
        table.switchTo("shop", "test", List.of(a));
        table.declare("shop", "test");

        assertThat(table.upstreams("shop", "test")).containsExactly(a);
    }

    @Test
    void forgottenEnvironmentIsUnknownAtAllItsHosts() {
        table.switchTo("shop", "test", List.of(a));
        table.addHost("shop.example.com", "shop", "test");
        table.forget("shop", "test");

        assertThat(table.resolve("test.shop.localhost")).isInstanceOf(Resolution.UnknownHost.class);
        assertThat(table.resolve("shop.example.com")).isInstanceOf(Resolution.UnknownHost.class);
        assertThat(table.upstreams("shop", "test")).isEmpty();
    }

    @Test
    void roundRobinAlternatesOverTheSet() {
        table.switchTo("shop", "test", List.of(a, b));

        List<Upstream> chosen = IntStream.range(0, 4)
                .mapToObj(i -> ((Resolution.Routed) table.resolve("test.shop.localhost")).upstream())
                .toList();

        assertThat(chosen).containsExactly(a, b, a, b);
    }

    @Test
    void customHostRoutesUntilRemoved() {
        table.switchTo("shop", "live", List.of(b));
        table.addHost("Shop.Example.com", "shop", "live");

        assertThat(table.resolve("shop.example.com:80")).isEqualTo(new Resolution.Routed("shop", "live", b, List.of(b)));
        assertThat(table.hosts("shop", "live")).containsExactly("shop.example.com");

        table.removeHost("shop.example.com");
        assertThat(table.resolve("shop.example.com")).isInstanceOf(Resolution.UnknownHost.class);
    }

    @Test
    void hostClaimedByAnotherEnvironmentIsRefused() {
        table.addHost("shop.example.com", "shop", "live");
        table.addHost("shop.example.com", "shop", "live");

        assertThatThrownBy(() -> table.addHost("shop.example.com", "shop", "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already belongs to shop/live");
        assertThatThrownBy(() -> table.addHost("live.shop.localhost", "shop", "test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("generated host of shop/live");
    }

    @Test
    void invalidNamesAndHostsAreRefused() {
        assertThatThrownBy(() -> table.declare("Shop", "test")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("project");
        assertThatThrownBy(() -> table.addHost("bad host", "shop", "test")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host");
        assertThatThrownBy(() -> table.switchTo("shop", "test", List.of(new Upstream("127.0.0.1", 0))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @Test
    void baseDomainIsConfigurable() {
        RouteTable custom = new RouteTable("Apps.Example.org");
        custom.switchTo("shop", "test", List.of(a));

        assertThat(custom.defaultHost("shop", "test")).isEqualTo("test.shop.apps.example.org");
        assertThat(custom.resolve("test.shop.apps.example.org")).isInstanceOf(Resolution.Routed.class);
        assertThat(custom.resolve("test.shop.localhost")).isInstanceOf(Resolution.UnknownHost.class);
    }
}
