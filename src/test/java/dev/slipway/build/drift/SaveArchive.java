package dev.slipway.build.drift;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Writes archives in the engine's save layout (manifest.json, configs, layer tars) from layers the test describes. */
final class SaveArchive {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer tar, entries in the order added. */
    static final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;
        private long mtime = 1_000_000;

        Layer() {
            tar = new TarArchiveOutputStream(bytes);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        /** Later entries carry this modification time, so tests can show that mtimes do not count. */
        Layer mtime(long seconds) {
            mtime = seconds;
            return this;
        }

        Layer file(String path, String content) {
            return file(path, content, 0644);
        }

        Layer file(String path, String content, int mode) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(path);
            entry.setSize(data.length);
            entry.setMode(mode);
            entry.setModTime(mtime * 1000);
            return put(entry, data);
        }

        Layer dir(String path) {
            TarArchiveEntry entry = new TarArchiveEntry(path.endsWith("/") ? path : path + "/");
            entry.setMode(0755);
            entry.setModTime(mtime * 1000);
            return put(entry, null);
        }

        Layer symlink(String path, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(path, TarArchiveEntry.LF_SYMLINK);
            entry.setLinkName(target);
            entry.setModTime(mtime * 1000);
            return put(entry, null);
        }

        /** Deletes {@code path} of the layers below (".wh.name" beside it). */
        Layer whiteout(String path) {
            int slash = path.lastIndexOf('/');
            return file(path.substring(0, slash + 1) + ".wh." + path.substring(slash + 1), "");
        }

        Layer opaque(String dir) {
            return file(dir + "/.wh..wh..opq", "");
        }

        private Layer put(TarArchiveEntry entry, byte[] data) {
            try {
                tar.putArchiveEntry(entry);
                if (data != null) tar.write(data);
                tar.closeArchiveEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        private byte[] finished;

        byte[] bytes() {
            if (finished != null) return finished;
            try {
                tar.finish();
                finished = bytes.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return finished;
        }
    }

    /** An image: history (created_by, empty?) and its layers; its id is its config's digest, as with the engine. */
    static final class Image {
        final List<String[]> history = new ArrayList<>();
        final List<byte[]> layers = new ArrayList<>();
        final String tag;
        boolean gzip;

        Image(String tag) {
            this.tag = tag;
        }

        Image layer(String createdBy, Layer layer) {
            history.add(new String[] {createdBy, "false"});
            layers.add(layer.bytes());
            return this;
        }

        Image empty(String createdBy) {
            history.add(new String[] {createdBy, "true"});
            return this;
        }

        Image gzipped() {
            gzip = true;
            return this;
        }

        byte[] config() {
            ObjectNode config = JSON.createObjectNode();
            config.put("comment", "built as " + tag); // one id per image, as creation times make it
            ArrayNode h = config.putArray("history");
            for (String[] entry : history) {
                ObjectNode node = h.addObject().put("created_by", entry[0]);
                if (entry[1].equals("true")) node.put("empty_layer", true);
            }
            ArrayNode diffIds = config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
            layers.forEach(l -> diffIds.add("sha256:" + sha256(l)));
            try {
                return JSON.writeValueAsBytes(config);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String id() {
            return "sha256:" + sha256(config());
        }
    }

    private SaveArchive() {}

    /** The archive the engine would save for {@code images}; a layer shared by several is written once. */
    static byte[] of(Image... images) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            Map<String, byte[]> layerFiles = new LinkedHashMap<>();
            ArrayNode manifest = JSON.createArrayNode();
            Map<String, byte[]> configs = new LinkedHashMap<>();
            for (Image image : images) {
                ObjectNode entry = manifest.addObject();
                String hex = image.id().substring(7);
                entry.put("Config", hex + ".json");
                entry.putArray("RepoTags").add(image.tag);
                ArrayNode names = entry.putArray("Layers");
                for (byte[] layer : image.layers) {
                    byte[] stored = image.gzip ? gzip(layer) : layer;
                    String name = sha256(stored) + "/layer.tar";
                    layerFiles.put(name, stored);
                    names.add(name);
                }
                configs.put(hex + ".json", image.config());
            }
            layerFiles.forEach((name, data) -> write(tar, name, data));
            configs.forEach((name, data) -> write(tar, name, data));
            write(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(TarArchiveOutputStream tar, String name, byte[] data) {
        try {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(data.length);
            tar.putArchiveEntry(entry);
            tar.write(data);
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
