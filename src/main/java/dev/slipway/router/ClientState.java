package dev.slipway.router;

/**
 * Where a client connection is in its life, one enum as kamal-proxy's target states: every move goes
 * through {@link #canBecome}, so a move the table does not list is a bug that assertions catch.
 * Which request it is serving, and whether one is held back, is its exchange's business, not here.
 */
enum ClientState {
    /** Taking requests, one after the other. */
    SERVING,
    /** A WebSocket upgrade was accepted: bytes flow both ways untouched. */
    TUNNEL,
    /** Answered and closing: what the client still sends is read and dropped. */
    LINGERING,
    /** The connection is gone. */
    CLOSED;

    boolean canBecome(ClientState next) {
        return switch (this) {
            case SERVING -> next == TUNNEL || next == LINGERING || next == CLOSED;
            case TUNNEL, LINGERING -> next == CLOSED;
            case CLOSED -> false;
        };
    }
}
