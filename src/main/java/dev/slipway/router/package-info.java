/**
 * The reverse proxy in front of all environments (design, section 4), on Netty: {@link dev.slipway.router.Router}
 * wires it, {@link dev.slipway.router.ClientConnection} routes each request, {@link dev.slipway.router.Exchange}
 * carries one to its upstream and back over an {@link dev.slipway.router.UpstreamPool} connection.
 * Requests are decoded by Netty's {@code HttpRequestDecoder} (which refuses one framed both by chunks
 * and by a length); an upstream's plain answer ({@link dev.slipway.router.PlainAnswerHead}) passes to
 * the client as raw bytes, any other is decoded ({@link dev.slipway.router.UpstreamAnswerDecoder}) and
 * encoded again ({@link dev.slipway.router.ClientAnswerEncoder}).
 *
 * <p>Choices a user may want to know:
 * <ul>
 *   <li>The Host header is passed to the upstream unchanged; {@code X-Forwarded-For/Proto/Host} are
 *       set by the router and replace whatever the client sent, because the router is the edge.</li>
 *   <li>Only a refused connection is retried, once, on another upstream of the same set, and only for
 *       requests without a body: the failed upstream saw nothing, so nothing runs twice.</li>
 *   <li>The response timeout is an idle timeout (no byte from the upstream for that long gives 504),
 *       so long downloads and server-sent events keep working.</li>
 *   <li>A response that already started when its upstream fails is cut off (the client sees a broken
 *       connection), since a status can no longer be sent.</li>
 *   <li>WebSocket upgrades become byte tunnels after the upstream's 101 ({@link dev.slipway.router.WebSocketTunnels}).</li>
 *   <li>Not yet: TLS (put it in front, or terminate it at a load balancer).</li>
 * </ul>
 */
package dev.slipway.router;
