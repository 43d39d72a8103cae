package dev.slipway.router;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static dev.slipway.router.ExchangeState.ANSWERING;
import static dev.slipway.router.ExchangeState.AWAITING_ANSWER;
import static dev.slipway.router.ExchangeState.INTERIM;
import static dev.slipway.router.ExchangeState.OVER;
import static dev.slipway.router.ExchangeState.TUNNEL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeStateTest {

    @Test
    void everyExchangeMoveIsInTheTableAndNoOther() {
        assertEquals(EnumSet.of(INTERIM, ANSWERING, OVER), moves(AWAITING_ANSWER));
        assertEquals(EnumSet.of(AWAITING_ANSWER, OVER), moves(INTERIM));
        assertEquals(EnumSet.of(TUNNEL, OVER), moves(ANSWERING));
        assertEquals(EnumSet.noneOf(ExchangeState.class), moves(TUNNEL));
        assertEquals(EnumSet.noneOf(ExchangeState.class), moves(OVER));
    }

    @Test
    void aTunnelAndAnEndedExchangeAreOverAndNothingElseIs() {
        assertEquals(EnumSet.of(TUNNEL, OVER), EnumSet.copyOf(
                EnumSet.allOf(ExchangeState.class).stream().filter(ExchangeState::isOver).toList()));
    }

    @Test
    void anAnswerThatStartedCannotGoBackToWaitingNorAnEndedOneBeEndedTwice() {
        assertFalse(ANSWERING.canBecome(AWAITING_ANSWER));
        assertFalse(ANSWERING.canBecome(INTERIM));
        assertFalse(OVER.canBecome(OVER));
        assertFalse(AWAITING_ANSWER.canBecome(TUNNEL));
        assertTrue(AWAITING_ANSWER.canBecome(OVER));
    }

    private static Set<ExchangeState> moves(ExchangeState from) {
        return Moves.from(from, ExchangeState::canBecome);
    }
}
