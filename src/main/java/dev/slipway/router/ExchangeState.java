package dev.slipway.router;

/**
 * Where an exchange is on the answer's side, as kamal-proxy's target states are one enum: every move
 * goes through {@link #canBecome}, so a move the table does not list is a bug that assertions catch.
 * The request's side (its body still streaming or read to the end) runs alongside and is not here.
 */
enum ExchangeState {
    /** Routed: the request is on its way to an upstream, no answer yet. */
    AWAITING_ANSWER,
    /** An interim (1xx) answer is being dropped; the real one follows on the same connection. */
    INTERIM,
    /** The answer's head is in (or out): from here a failure can only cut the client off. */
    ANSWERING,
    /** The upstream accepted an upgrade: the client connection is a tunnel, the exchange is done. */
    TUNNEL,
    /** Answered, refused, failed, or left by the client. */
    OVER;

    boolean canBecome(ExchangeState next) {
        return switch (this) {
            case AWAITING_ANSWER -> next == INTERIM || next == ANSWERING || next == OVER;
            case INTERIM -> next == AWAITING_ANSWER || next == OVER;
            case ANSWERING -> next == TUNNEL || next == OVER;
            case TUNNEL, OVER -> false;
        };
    }

    boolean isOver() {
        return this == TUNNEL || this == OVER;
    }
}
