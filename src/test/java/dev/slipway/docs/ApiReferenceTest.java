package dev.slipway.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.ServerOptions;
import dev.slipway.testing.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiReferenceTest {
    @TempDir Path tmp;

    @Test
    void checkedInApiReferenceIsWhatTheServedOpenApiDocumentGenerates() throws Exception {
        JsonNode document;
        try (TestServer server = TestServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, ServerOptions.NO_ROUTER))) {
            // as any client fetches it: no token
            TestServer.Answer served = server.callWithToken("GET", "/api/v1/openapi.json", null, null);
            assertThat(served.status()).as("GET /api/v1/openapi.json: " + served.body()).isEqualTo(200);
            document = served.json();
        }
        String generated = ApiReference.generate(document);
        assertThat(generated).as("the generated page")
                .contains("## POST /api/v1/projects/{project}/environments/{env}/deployments", "| `delete_data` | query | boolean | no |", "| `error` | string |");

        GeneratedPage.check(ApiReference.PAGE, generated);
    }
}
