package dev.slipway.router;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The router's own answers: a small HTML page, or {@code {"error": "…"}} for clients that accept JSON. */
final class ErrorPages {

    private ErrorPages() {}

    static void write(Request request, Response response, Callback callback, int status, String message) {
        String accept = request.getHeaders().get(HttpHeader.ACCEPT);
        boolean json = accept != null && accept.toLowerCase().contains("application/json");
        String body = json ? json(message) : html(status, message);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, json ? "application/json" : "text/html; charset=utf-8");
        // Errors are momentary (a deploy in progress); a cached 503 would outlive it.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String html(int status, String message) {
        String title = status + " " + HttpStatus.getMessage(status);
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n"
                + "<body><h1>" + title + "</h1><p>" + escapeHtml(message) + "</p><hr><small>slipway</small></body></html>\n";
    }

    private static String json(String message) {
        StringBuilder out = new StringBuilder("{\"error\":\"");
        for (char c : message.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append("\"}").toString();
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
