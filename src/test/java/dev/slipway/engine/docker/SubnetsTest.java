package dev.slipway.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubnetsTest {

    @Test
    void theFirstNetworkTakesTheTopOfThePool() {
        assertThat(Subnets.free(List.of()).orElseThrow()).hasToString("172.31.255.0/24");
    }

    @Test
    void aSubnetOverlappingAnyTakenOneIsSkipped() {
        List<Subnets.Cidr> taken = List.of(Subnets.parse("172.31.255.0/24"), Subnets.parse("172.31.254.128/25"), Subnets.parse("172.31.252.0/23"));

        assertThat(Subnets.free(taken).orElseThrow()).hasToString("172.31.251.0/24");
    }

    @Test
    void dockersSixteensAreSteppedAroundAndTheWholePoolCanFill() {
        List<Subnets.Cidr> taken = new ArrayList<>(List.of(Subnets.parse("172.31.0.0/16"), Subnets.parse("172.16.0.0/13")));
        assertThat(Subnets.free(taken).orElseThrow()).hasToString("172.30.255.0/24");

        taken.add(Subnets.parse("172.16.0.0/12"));
        assertThat(Subnets.free(taken)).isEmpty();
    }

    @Test
    void ipv6AndUnreadableSubnetsAreIgnored() {
        assertThat(Subnets.parse("fd00::/64")).isNull();
        assertThat(Subnets.parse("nonsense")).isNull();
        assertThat(Subnets.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    }
}
