package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.engine.DockerTestSupport;
import dev.slipway.testing.Http;
import dev.slipway.testing.TestRepo;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Custom domains through the API: add, list, conflict, remove, bad input, and after a restart. */
class DomainsApiTest {
    @TempDir Path tmp;
    TestServer server;
    String project;

    @BeforeEach
    void start() {
        DockerTestSupport.engine();
        server = TestServer.start(tmp.resolve("data"));
        project = "d" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        server.createProject(project, TestRepo.create(tmp.resolve("repo")).url());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String path(String env) {
        return "/api/v1/projects/" + project + "/environments/" + env + "/domains";
    }

    /** 503: the host reaches the environment, which has no release yet; 404: no environment answers there. */
    private int routerStatus(String host) {
        return Http.get(server.routerPort(), host, "/").status();
    }

    @Test
    void addedDomainRoutesToItsEnvironmentUntilRemoved() {
        String host = project + ".example.com";
        assertThat(routerStatus(host)).isEqualTo(404);

        TestServer.Answer added = server.call("POST", path("live"), Map.of("host", host.toUpperCase() + "."));
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.json().get("host").asText()).isEqualTo(host);
        assertThat(routerStatus(host)).isEqualTo(503);
        TestServer.Answer listed = server.call("GET", path("live"), null);
        assertThat(listed.json().get("domains").get(0).get("host").asText()).isEqualTo(host);
        assertThat(listed.json().get("generated").asText()).isEqualTo("live." + project + ".localhost");
        assertThat(server.call("POST", path("live"), Map.of("host", host)).status()).as("adding it again changes nothing").isEqualTo(200);

        assertThat(server.call("DELETE", path("live") + "/" + host, null).status()).isEqualTo(204);
        assertThat(routerStatus(host)).isEqualTo(404);
        assertThat(server.call("DELETE", path("live") + "/" + host, null).status()).isEqualTo(404);
    }

    @Test
    void hostOfAnotherEnvironmentIsRefusedWith409NamingItsOwner() {
        String host = "www." + project + ".example.com";
        server.call("POST", path("live"), Map.of("host", host));

        TestServer.Answer taken = server.call("POST", path("test"), Map.of("host", host));

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.json().get("error").asText()).contains(host).contains(project + "/live");
        assertThat(server.call("DELETE", path("test") + "/" + host, null).status()).as("test cannot remove live's host").isEqualTo(404);
        assertThat(routerStatus(host)).isEqualTo(503);
        assertThat(server.call("GET", path("test"), null).json().get("domains")).isEmpty();
    }

    @Test
    void badHostsAreRefusedWith400NamingTheField() {
        for (String bad : new String[] {"", "not a host", "shop.example.com:8080", "*.example.com", "x/y", "other.test.localhost", "-a.com"}) {
            TestServer.Answer answer = server.call("POST", path("test"), Map.of("host", bad));
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.json().get("detail").asText()).as(bad).isEqualTo("host");
        }
        assertThat(server.call("POST", path("test"), "{\"host\": ").status()).isEqualTo(400);
        assertThat(server.call("POST", "/api/v1/projects/nope/environments/test/domains", Map.of("host", "a.example.com")).status()).isEqualTo(404);
        assertThat(server.call("POST", path("nope"), Map.of("host", "a.example.com")).status()).isEqualTo(404);
        assertThat(server.call("GET", path("test"), null).json().get("domains")).isEmpty();
    }

    @Test
    void domainsAreRoutedAgainAfterARestart() {
        String host = "kept." + project + ".example.com";
        server.call("POST", path("test"), Map.of("host", host));
        server.close();

        server = TestServer.start(tmp.resolve("data"));

        assertThat(routerStatus(host)).isEqualTo(503);
        assertThat(server.call("POST", path("live"), Map.of("host", host)).status()).isEqualTo(409);
    }
}
