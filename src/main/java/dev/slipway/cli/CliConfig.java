package dev.slipway.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.server.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's config file, {@code $XDG_CONFIG_HOME/slipway/config} (default {@code ~/.config/slipway/config}):
 * a JSON object {@code {"url": …, "token": …}}, mode 0600. An object, so that more servers can be added
 * later beside these keys without breaking what older versions wrote.
 */
record CliConfig(Path file, String url, String token) {

    static Path location(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        // The XDG base directory spec: a relative value is invalid and to be ignored.
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "slipway", "config");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".config", "slipway", "config");
    }

    /** The config at {@code file}; empty when there is none. A file that is not such JSON is bad input. */
    static Optional<CliConfig> read(Path file) {
        if (!Files.exists(file)) return Optional.empty();
        try {
            JsonNode node = Json.MAPPER.readTree(Files.readString(file));
            if (node == null || !node.isObject()) {
                throw new dev.slipway.project.InvalidInputException("config", file + " is not a JSON object; run `slipway login URL TOKEN` to write it again");
            }
            return Optional.of(new CliConfig(file, text(node, "url"), text(node, "token")));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new dev.slipway.project.InvalidInputException("config", file + " is not valid JSON (line " + e.getLocation().getLineNr()
                    + "); run `slipway login URL TOKEN` to write it again");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes url and token, keeping any other keys of an existing file; the folder 0700, the file 0600. */
    void write() {
        try {
            ObjectNode node = Json.MAPPER.createObjectNode();
            if (Files.exists(file)) {
                JsonNode old = Json.MAPPER.readTree(Files.readString(file));
                if (old != null && old.isObject()) node.setAll((ObjectNode) old);
            }
            node.put("url", url);
            node.put("token", token);
            Path dir = file.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path partial = dir.resolve(file.getFileName() + ".partial");
            Files.deleteIfExists(partial);
            Files.createFile(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(partial, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the CLI config " + file, e);
        }
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        return value == null || value.isNull() ? null : value.asText();
    }
}
