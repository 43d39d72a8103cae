package dev.slipway.router;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.slipway.router.Http.HOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RouterWebSocketTest {

    private WebSocketPeer.Server a;
    private WebSocketPeer.Server b;
    private Router router;

    @BeforeEach
    void start() throws Exception {
        a = new WebSocketPeer.Server("a");
        b = new WebSocketPeer.Server("b");
        router = new Router(new RouteTable(), RouterOptions.DEFAULTS).start("127.0.0.1", 0);
        router.switchTo("shop", "test", List.of(a.upstream()));
    }

    @AfterEach
    void stop() throws Exception {
        router.close();
        a.close();
        b.close();
    }

    @Test
    void webSocketUpgradeIsTunnelledWithForwardingHeaders() throws Exception {
        try (WebSocketPeer.Client ws = new WebSocketPeer.Client(router.port(), HOST, "/chat?room=1")) {
            assertThat(ws.status).isEqualTo(101);
            assertThat(ws.echo("hello")).isEqualTo("a:hello");
            assertThat(ws.echo("x".repeat(60_000))).isEqualTo("a:" + "x".repeat(60_000));
        }
        assertThat(a.lastHandshake).containsEntry("x-forwarded-for", "127.0.0.1")
                .containsEntry("x-forwarded-host", HOST)
                .containsEntry("forwarded", "for=127.0.0.1;host=" + HOST + ";proto=http")
                .containsEntry("upgrade", "websocket");
    }

    @Test
    void refusedUpgradeIsPassedOnAsTheUpstreamAnsweredIt() throws Exception {
        try (WebSocketPeer.Client ws = new WebSocketPeer.Client(router.port(), HOST, "/refuse")) {
            assertThat(ws.status).isEqualTo(403);
            assertThat(ws.refusalBody).isEqualTo("refused");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> router.inFlight(a.upstream()) == 0);
    }

    @Test
    void openWebSocketKeepsItsUpstreamAcrossASwitchAndNewOnesGoToTheNewUpstream() throws Exception {
        try (WebSocketPeer.Client old = new WebSocketPeer.Client(router.port(), HOST, "/")) {
            assertThat(old.echo("1")).isEqualTo("a:1");

            router.switchTo("shop", "test", List.of(b.upstream()));

            try (WebSocketPeer.Client fresh = new WebSocketPeer.Client(router.port(), HOST, "/")) {
                assertThat(fresh.echo("2")).isEqualTo("b:2");
            }
            assertThat(old.echo("3")).isEqualTo("a:3");
            assertThat(router.inFlight(a.upstream())).isEqualTo(1);

            // The drain waits for the open WebSocket, and ends as soon as it closes.
            CompletableFuture<Boolean> drain = CompletableFuture.supplyAsync(() -> router.drain(List.of(a.upstream()), Duration.ofSeconds(20)));
            Thread.sleep(500);
            assertThat(drain).isNotDone();
            assertThat(old.echo("4")).isEqualTo("a:4");
            old.close();
            assertThat(drain.get(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void drainTimeoutClosesTheWebSocketsStillOpen() throws Exception {
        try (WebSocketPeer.Client old = new WebSocketPeer.Client(router.port(), HOST, "/")) {
            assertThat(old.echo("1")).isEqualTo("a:1");
            router.switchTo("shop", "test", List.of(b.upstream()));

            assertThat(router.drain(List.of(a.upstream()), Duration.ofMillis(300))).isFalse();

            assertThat(old.isClosedByPeer()).isTrue();
            assertThat(router.tunnels(a.upstream())).isZero();
            assertThat(router.inFlight(a.upstream())).isZero();
        }
    }

    @Test
    void upgradeToADeadUpstreamAnswers502() throws Exception {
        // a port closed before anything connects: closing a server whose virtual thread waits in
        // accept() lets a connection that arrives in the same moment still be accepted and served
        Upstream dead = RouterProxyTest.deadUpstream();
        router.switchTo("shop", "test", List.of(dead));
        try (WebSocketPeer.Client ws = new WebSocketPeer.Client(router.port(), HOST, "/")) {
            assertThat(ws.status).isEqualTo(502);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> router.inFlight(dead) == 0);
    }
}
