package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BiConsumer;

/** The CLI's side of the REST API: {@code SLIPWAY_URL} (default http://127.0.0.1:8000) and {@code SLIPWAY_TOKEN}. */
final class ApiClient {
    static final String DEFAULT_URL = "http://127.0.0.1:8000";

    private final String base;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    /** From the environment; without SLIPWAY_TOKEN, the token a local server wrote to ./data/admin-token. */
    static ApiClient fromEnvironment() {
        String url = System.getenv().getOrDefault("SLIPWAY_URL", DEFAULT_URL);
        String token = System.getenv("SLIPWAY_TOKEN");
        if (token == null || token.isBlank()) {
            Path file = Path.of(System.getenv().getOrDefault("SLIPWAY_DATA", "data"), "admin-token");
            try {
                token = Files.exists(file) ? Files.readString(file).trim() : "";
            } catch (IOException e) {
                token = "";
            }
        }
        return new ApiClient(url, token);
    }

    String token() {
        return token;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    JsonNode post(String path, Object body) {
        try {
            String json = Json.MAPPER.writeValueAsString(body);
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(uri(path)).DELETE());
    }

    /** GET into {@code file} (a dump); an error answer is thrown as for {@link #get}. */
    void download(String path, Path file) {
        try (java.io.InputStream in = open(path)) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** GET as a stream (an archive); the caller closes it. */
    java.io.InputStream open(String path) {
        try {
            HttpResponse<java.io.InputStream> response = http.send(authorized(HttpRequest.newBuilder(uri(path)).GET()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                try (java.io.InputStream body = response.body()) {
                    throw failure(response.statusCode(), new String(body.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    /** POST of a file's bytes (a dump, an archive). */
    JsonNode upload(String path, Path file, String contentType) {
        try {
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofFile(file)));
        } catch (java.io.FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a Server-Sent Events stream, handing each (event, data) to {@code onEvent}, until it ends. */
    void events(String path, BiConsumer<String, String> onEvent) {
        HttpRequest request = authorized(HttpRequest.newBuilder(uri(path)).header("Accept", "text/event-stream").GET()).build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() >= 400) {
                throw failure(response.statusCode(), new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String event = "message";
                StringBuilder data = new StringBuilder();
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.isEmpty()) {
                        if (!data.isEmpty()) onEvent.accept(event, data.toString());
                        event = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        event = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        if (!data.isEmpty()) data.append('\n');
                        data.append(line.substring(5).stripLeading());
                    }
                }
            }
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    private JsonNode send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(authorized(builder).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw failure(response.statusCode(), response.body());
            }
            return response.body().isBlank() ? null : Json.MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted"));
        }
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        return token.isEmpty() ? builder : builder.header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private static ApiException failure(int status, String body) {
        String message = body;
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node != null && node.hasNonNull("error")) message = node.get("error").asText();
        } catch (IOException ignored) {
            // not JSON: show it as it is
        }
        return new ApiException(status, message);
    }

    private UncheckedIOException unreachable(IOException e) {
        String why = e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
        return new UncheckedIOException("cannot reach the Slipway server at " + base + " (" + why + "); is `slipway server` running? (SLIPWAY_URL)", e);
    }

    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
