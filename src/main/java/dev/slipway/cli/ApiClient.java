package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.server.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The CLI's side of the REST API. Where the server and the token come from, first found wins:
 * {@code SLIPWAY_URL} / {@code SLIPWAY_TOKEN}, then the CLI config ({@code slipway login}), then
 * http://127.0.0.1:8000 for the URL. Trouble reaching the server or with the token is a
 * {@link ServerTroubleException} (exit 3) whose message says where URL and token came from.
 */
final class ApiClient {
    static final String DEFAULT_URL = "http://127.0.0.1:8000";

    private final String base;
    private final String token;
    private final String urlFrom;
    private final String tokenFrom;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(String base, String token) {
        this(base, token, "as given", "as given");
    }

    private ApiClient(String base, String token, String urlFrom, String tokenFrom) {
        this.base = normalized(base);
        this.token = token;
        this.urlFrom = urlFrom;
        this.tokenFrom = tokenFrom;
    }

    static ApiClient fromEnvironment() {
        return resolve(System.getenv());
    }

    static ApiClient resolve(Map<String, String> env) {
        Path file = CliConfig.location(env);
        Optional<CliConfig> config = CliConfig.read(file);
        String url;
        String urlFrom;
        if (present(env.get("SLIPWAY_URL"))) {
            url = env.get("SLIPWAY_URL").trim();
            urlFrom = "SLIPWAY_URL";
        } else if (config.isPresent() && present(config.get().url())) {
            url = config.get().url();
            urlFrom = "from " + file;
        } else {
            url = DEFAULT_URL;
            urlFrom = "the default; neither SLIPWAY_URL nor " + file + " names one";
        }
        checkUrl(url, urlFrom);
        if (present(env.get("SLIPWAY_TOKEN"))) {
            return new ApiClient(url, env.get("SLIPWAY_TOKEN").trim(), urlFrom, "SLIPWAY_TOKEN");
        }
        // The config's token is only for the config's server: never send it to another one.
        if (config.isPresent() && present(config.get().token()) && normalized(url).equals(normalized(String.valueOf(config.get().url())))) {
            return new ApiClient(url, config.get().token(), urlFrom, "from " + file);
        }
        String why = config.isEmpty() ? file + " does not exist"
                : present(config.get().token()) ? file + " holds a token for " + config.get().url() + ", not for this server"
                : file + " holds no token";
        throw new ServerTroubleException("no token for the Slipway server at " + normalized(url) + " (" + urlFrom + "): SLIPWAY_TOKEN is not set and "
                + why + "; run `slipway login " + normalized(url) + " TOKEN` with the admin token the server printed at its first start");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String normalized(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static void checkUrl(String url, String from) {
        try {
            URI uri = new URI(url);
            if ((!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http:// or https:// URL with a host");
            }
            // The JDK's HTTP client throws IllegalArgumentException for such a port, when it connects.
            if (uri.getPort() == 0 || uri.getPort() > 65535) {
                throw new dev.slipway.project.InvalidInputException("url", "the server URL '" + url + "' (" + from
                        + ") has port " + uri.getPort() + "; a port is 1-65535, e.g. " + DEFAULT_URL);
            }
        } catch (URISyntaxException e) {
            throw new dev.slipway.project.InvalidInputException("url", "the server URL '" + url + "' (" + from
                    + ") is not an http:// or https:// URL, e.g. " + DEFAULT_URL);
        }
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

    private RuntimeException failure(int status, String body) {
        String message = body;
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (node != null && node.hasNonNull("error")) message = node.get("error").asText();
        } catch (IOException ignored) {
            // not JSON: show it as it is
        }
        if (status == 401 || status == 403) {
            return new ServerTroubleException("the Slipway server at " + base + " refused the token (" + tokenFrom + "): HTTP " + status + " " + message
                    + "; run `slipway login " + base + " TOKEN` with the admin token the server printed at its first start");
        }
        return new ApiException(status, message);
    }

    private ServerTroubleException unreachable(IOException e) {
        String where = base + " (" + urlFrom + ")";
        if (e instanceof HttpTimeoutException) {
            return new ServerTroubleException("the Slipway server at " + where + " did not answer in time; is it overloaded, or is something else listening there?");
        }
        if (e instanceof javax.net.ssl.SSLException) {
            return new ServerTroubleException("the TLS connection to " + where + " failed: " + e.getMessage()
                    + "; is the server's certificate trusted by this JVM, and does it speak https?");
        }
        if (e instanceof ConnectException) {
            return new ServerTroubleException("no Slipway server answers at " + where + "; is `slipway server` running?");
        }
        return new ServerTroubleException("the connection to the Slipway server at " + where + " failed: " + e.getMessage()
                + "; is it a Slipway server?");
    }

    /** The server does not answer, or refuses the token: exit 3, a line saying what was tried. */
    static final class ServerTroubleException extends RuntimeException {
        ServerTroubleException(String message) {
            super(message);
        }
    }

    static final class ApiException extends RuntimeException {
        final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
