package dev.slipway.router;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.slipway.router.ClientState.CLOSED;
import static dev.slipway.router.ClientState.LINGERING;
import static dev.slipway.router.ClientState.SERVING;
import static dev.slipway.router.ClientState.TUNNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ClientStateTest {

    @Test
    void everyClientConnectionMoveIsInTheTableAndNoOther() {
        assertEquals(EnumSet.of(TUNNEL, LINGERING, CLOSED), moves(SERVING));
        assertEquals(EnumSet.of(CLOSED), moves(TUNNEL));
        assertEquals(EnumSet.of(CLOSED), moves(LINGERING));
        assertEquals(EnumSet.noneOf(ClientState.class), moves(CLOSED));
    }

    @Test
    void aTunnelNeverGoesBackToServingRequestsNorALingeringConnectionBecomesATunnel() {
        assertFalse(TUNNEL.canBecome(SERVING));
        assertFalse(LINGERING.canBecome(SERVING));
        assertFalse(LINGERING.canBecome(TUNNEL));
        assertFalse(CLOSED.canBecome(CLOSED));
    }

    private static Set<ClientState> moves(ClientState from) {
        return Moves.from(from, ClientState::canBecome);
    }
}
