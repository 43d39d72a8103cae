/**
 * The reverse proxy in front of all environments (design, section 4), on Netty: {@link dev.slipway.router.Router}
 * wires it, {@link dev.slipway.router.ClientConnection} routes each request, {@link dev.slipway.router.Exchange}
 * carries one to its upstream and back over an {@link dev.slipway.router.UpstreamPool} connection.
 * A client's plain request ({@link dev.slipway.router.PlainRequestHead}) and an upstream's plain answer
 * ({@link dev.slipway.router.PlainAnswerHead}) pass as raw bytes, less their hop-by-hop lines; any other
 * request is decoded by Netty's {@code HttpRequestDecoder} ({@link dev.slipway.router.ClientRequestDecoder},
 * which refuses one framed both by chunks and by a length), any other answer by
 * {@link dev.slipway.router.UpstreamAnswerDecoder}, and both are encoded again.
 * Where an exchange and a client connection are in their lives is one enum each
 * ({@link dev.slipway.router.ExchangeState}, {@link dev.slipway.router.ClientState}), moved only along its table.
 *
 * <p>Choices a user may want to know:
 * <ul>
 *   <li>The Host header is passed to the upstream unchanged, except for an absolute-form request, whose
 *       authority routes it and becomes its Host ({@link dev.slipway.router.RequestChecks}); {@code X-Forwarded-For/Proto/Host} are
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
