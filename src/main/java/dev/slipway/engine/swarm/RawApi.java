package dev.slipway.engine.swarm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.slipway.engine.EngineException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Engine API requests that docker-java does not model: service create and update with fields it lacks
 * (an update through docker-java would drop them from the spec), and tasks with their port status.
 */
final class RawApi {
    static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);

    private final DockerHttpClient http;

    RawApi(DockerHttpClient http) {
        this.http = http;
    }

    /** Creates a service and returns its id. */
    String createService(ObjectNode spec, String doing) {
        return post("/services/create", spec, doing).path("ID").asText();
    }

    /** The service's whole object (ID, Version, Spec…), or null when there is none. */
    JsonNode service(String idOrName, String doing) {
        return send(DockerHttpClient.Request.Method.GET, "/services/" + encode(idOrName), null, doing, true);
    }

    /** Replaces a service's spec; {@code version} is the one the spec was read at. */
    void updateService(String id, long version, JsonNode spec, String doing) {
        post("/services/" + encode(id) + "/update?version=" + version, spec, doing);
    }

    /** Every task of a service, as the manager records them. */
    List<JsonNode> tasks(String serviceId, String doing) {
        String filters = encode(JSON.valueToTree(Map.of("service", List.of(serviceId))).toString());
        JsonNode tasks = send(DockerHttpClient.Request.Method.GET, "/tasks?filters=" + filters, null, doing, false);
        return tasks == null ? List.of() : iterate(tasks);
    }

    private JsonNode post(String path, JsonNode body, String doing) {
        return send(DockerHttpClient.Request.Method.POST, path, body, doing, false);
    }

    private JsonNode send(DockerHttpClient.Request.Method method, String path, JsonNode body, String doing, boolean missingIsNull) {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder().method(method).path(path);
        if (body != null) {
            request.putHeader("Content-Type", "application/json")
                    .body(new ByteArrayInputStream(body.toString().getBytes(StandardCharsets.UTF_8)));
        }
        try (DockerHttpClient.Response response = http.execute(request.build())) {
            byte[] answer = response.getBody().readAllBytes();
            int status = response.getStatusCode();
            if (status == 404 && missingIsNull) return null;
            if (status / 100 != 2) throw new RawApiException(status, doing + ": " + message(answer, status));
            return answer.length == 0 ? JSON.nullNode() : JSON.readTree(answer);
        } catch (IOException e) {
            throw new EngineException(doing + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            if (e instanceof EngineException) throw e;
            throw new EngineException(doing + ": " + e.getMessage(), e);
        }
    }

    private static String message(byte[] answer, int status) {
        try {
            JsonNode node = JSON.readTree(answer);
            if (node != null && node.hasNonNull("message")) return node.get("message").asText();
        } catch (IOException notJson) {
            // the raw text is the message
        }
        String text = new String(answer, StandardCharsets.UTF_8).trim();
        return text.isEmpty() ? "HTTP status " + status : text;
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        array.forEach(nodes::add);
        return nodes;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The daemon refused a raw request; {@link #status} is its HTTP status. */
    static final class RawApiException extends EngineException {
        private final int status;

        RawApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}
