package dev.slipway.router;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** The status line and headers of an upstream's answer to a WebSocket handshake, read with a size cap. */
record UpstreamHead(int status, List<HttpField> fields) {

    static UpstreamHead read(InputStream in, int maxBytes) throws IOException {
        int[] budget = {maxBytes};
        String statusLine = line(in, budget);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("bad status in '" + statusLine + "'");
        }
        List<HttpField> fields = new ArrayList<>();
        for (String header; !(header = line(in, budget)).isEmpty(); ) {
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("bad header line '" + header + "'");
            }
            fields.add(new HttpField(header.substring(0, colon).trim(), header.substring(colon + 1).trim()));
        }
        return new UpstreamHead(status, List.copyOf(fields));
    }

    private String value(HttpHeader header) {
        for (HttpField f : fields) {
            if (f.getHeader() == header) {
                return f.getValue();
            }
        }
        return null;
    }

    /** The body that follows this head: by Content-Length, chunked, or up to the end of the stream. */
    byte[] readBody(InputStream in, int maxBytes) throws IOException {
        if (status / 100 == 1 || status == 204 || status == 304) {
            return new byte[0];
        }
        String length = value(HttpHeader.CONTENT_LENGTH);
        String encoding = value(HttpHeader.TRANSFER_ENCODING);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (encoding != null && encoding.toLowerCase().contains("chunked")) {
            int[] budget = {maxBytes};
            for (int size; (size = Integer.parseInt(line(in, budget).split(";")[0].trim(), 16)) > 0; ) {
                copy(in, body, size, maxBytes);
                line(in, budget);
            }
        } else if (length != null) {
            long n = Long.parseLong(length.trim());
            if (n > maxBytes) {
                throw new IOException("answer body of " + n + " bytes is over " + maxBytes);
            }
            copy(in, body, (int) n, maxBytes);
        } else {
            copy(in, body, Integer.MAX_VALUE, maxBytes);
        }
        return body.toByteArray();
    }

    private static void copy(InputStream in, ByteArrayOutputStream out, int count, int maxBytes) throws IOException {
        byte[] buffer = new byte[8192];
        int left = count;
        while (left > 0) {
            int n = in.read(buffer, 0, Math.min(buffer.length, left));
            if (n < 0) {
                if (count == Integer.MAX_VALUE) {
                    return;
                }
                throw new IOException("upstream closed the connection mid-answer");
            }
            out.write(buffer, 0, n);
            left -= n;
            if (out.size() > maxBytes) {
                throw new IOException("answer body is over " + maxBytes + " bytes");
            }
        }
    }

    private static String line(InputStream in, int[] budget) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("upstream closed the connection after '" + line + "'");
            }
            if (--budget[0] < 0) {
                throw new IOException("upstream answer head is too large");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
