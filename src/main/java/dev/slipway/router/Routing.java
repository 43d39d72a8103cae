package dev.slipway.router;

/** What every client connection of one router shares: where to send requests, and what to count. */
record Routing(RouteTable table, RouterOptions options, InFlight inFlight, RouterMetrics metrics,
               WebSocketTunnels tunnels) {
}
