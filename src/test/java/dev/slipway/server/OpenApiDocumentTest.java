package dev.slipway.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** openapi.json is written by hand, so a test holds it to the routes the server really has. */
class OpenApiDocumentTest {
    @TempDir Path tmp;

    @Test
    void everyApiRouteIsInTheDocumentWithItsPathParameters() throws Exception {
        JsonNode paths;
        try (InputStream in = SlipwayServer.class.getResourceAsStream("/openapi.json")) {
            paths = Json.MAPPER.readTree(in).get("paths");
        }
        List<String> endpoints;
        try (SlipwayServer server = SlipwayServer.start(ServerOptions.defaults(tmp.resolve("data")).withPorts(0, ServerOptions.NO_ROUTER))) {
            endpoints = server.endpoints();
        }
        assertThat(endpoints).as("the server's endpoints").contains("GET /api/v1/projects");

        List<String> missing = new ArrayList<>();
        for (String endpoint : endpoints) {
            String method = endpoint.substring(0, endpoint.indexOf(' '));
            String path = endpoint.substring(endpoint.indexOf(' ') + 1);
            if (!path.startsWith(Api.PREFIX + "/")) continue;
            JsonNode operation = paths.path(path).path(method.toLowerCase(Locale.ROOT));
            if (operation.isMissingNode()) {
                missing.add(endpoint);
                continue;
            }
            Matcher parameter = Pattern.compile("\\{([^}]+)}").matcher(path);
            while (parameter.find()) {
                String name = parameter.group(1);
                boolean declared = false;
                for (JsonNode p : operation.path("parameters")) declared |= name.equals(p.path("name").asText()) && "path".equals(p.path("in").asText());
                if (!declared) missing.add(endpoint + " (path parameter " + name + ")");
            }
        }
        assertThat(missing).as("routes the OpenAPI document does not describe").isEmpty();

        List<String> documentedOnly = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            String endpoint = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
            if (!endpoints.contains(endpoint)) documentedOnly.add(endpoint);
        }));
        assertThat(documentedOnly).as("operations in the document that the server does not have").isEmpty();
    }
}
