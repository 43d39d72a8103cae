package dev.slipway.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Answers that Jetty writes itself, before a request reaches the API (414 URI too long, 431 headers too
 * large, 400 for a request line it cannot parse), in the API's JSON shape instead of an HTML page.
 * At that point the path may not even be known, so every such answer on the panel's port is JSON.
 */
final class JettyErrors extends ErrorHandler {
    private final int headerLimit;

    JettyErrors(int headerLimit) {
        this.headerLimit = headerLimit;
    }

    // Jetty writes a body only for GET, POST and HEAD; a refused PUT or DELETE would get an empty 400 or 431.
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        ApiError error = switch (code) {
            case 414 -> new ApiError("request URI too long: the request line may have at most " + headerLimit + " bytes", "uri");
            case 431 -> new ApiError("request headers too large: they may have at most " + headerLimit + " bytes together", "headers");
            default -> new ApiError(message == null || message.isBlank() ? HttpStatus.getMessage(code) : message, null);
        };
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(error)), callback);
    }
}
