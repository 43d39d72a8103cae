package dev.slipway.services;

import dev.slipway.project.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An uploaded plain-format dump made ready for {@code psql} on the server. An upload is SQL from a
 * client, and psql would run its meta-commands ({@code \! rm -rf …}) on the server's machine; so the
 * script starts with {@code \restrict KEY} (psql 13.22/14.19/15.14/16.10/17.6 and later), under which
 * psql refuses every meta-command, with a key the upload cannot know. The dump's own
 * restrict and unrestrict lines (pg_dump writes them since the same releases) are
 * dropped, outside COPY data only. An upload without pg_dump's last line is refused: it is not a dump,
 * or it was cut short, and loading it would leave a database with part of its data.
 */
final class PsqlScript {
    static final String COMPLETE = "-- PostgreSQL database dump complete";

    private PsqlScript() {}

    /** Writes the restricted script for {@code upload} to {@code script}; throws InvalidInputException for a bad upload. */
    static void prepare(Path upload, Path script, String key) throws IOException {
        boolean inCopy = false;
        boolean complete = false;
        long lineNumber = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(upload));
                OutputStream out = new BufferedOutputStream(Files.newOutputStream(script))) {
            out.write(("\\restrict " + key + "\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] line; (line = readLine(in)) != null; ) {
                lineNumber++;
                // ISO-8859-1 maps bytes one to one: the line is matched as text and written back unchanged.
                String text = new String(line, StandardCharsets.ISO_8859_1).stripTrailing();
                if (inCopy) {
                    inCopy = !text.equals("\\.");
                } else if (text.startsWith("COPY ") && text.endsWith("FROM stdin;")) {
                    inCopy = true;
                } else if (text.startsWith("\\restrict ") || text.startsWith("\\unrestrict ")) {
                    continue;
                } else if (text.equals(COMPLETE)) {
                    complete = true;
                } else if (complete && !text.isEmpty() && !text.startsWith("--")) {
                    complete = false;
                }
                out.write(line);
            }
        }
        if (lineNumber == 0) {
            throw new InvalidInputException("dump", "the upload is empty; nothing was changed");
        }
        if (!complete) {
            throw new InvalidInputException("dump", "the upload is not a complete plain-format pg_dump dump (its last line is not '"
                    + COMPLETE + "'); nothing was changed");
        }
    }

    /** One line with its '\n' (the last one may have none), or null at the end. */
    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') break;
        }
        return line.size() == 0 ? null : line.toByteArray();
    }
}
