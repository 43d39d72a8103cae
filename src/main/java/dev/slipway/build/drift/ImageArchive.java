package dev.slipway.build.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The archive an engine saves ("docker save": manifest.json, image configs, layer tars; the legacy
 * layout or the OCI one with blobs/), read in one pass. The manifest comes last, so each layer is
 * analysed as it passes, kept by its name, and assigned to images once the manifest is read.
 *
 * @see <a href="https://github.com/moby/moby/blob/master/image/spec/v1.2.md">Docker image spec v1.2, save layout</a>
 */
final class ImageArchive {
    private static final ObjectMapper JSON = new ObjectMapper();
    // Configs and manifests are small; a JSON file beyond this is not one of them.
    private static final long JSON_LIMIT = 16L << 20;

    private final Map<String, LayerContents> layers;
    private final Map<String, JsonNode> json;
    private final Map<String, String> links;

    private ImageArchive(Map<String, LayerContents> layers, Map<String, JsonNode> json, Map<String, String> links) {
        this.layers = layers;
        this.json = json;
        this.links = links;
    }

    /** Reads the whole archive from {@code in} (not closed here); gives up after {@code deadline}. */
    static ImageArchive read(InputStream in, Instant deadline) {
        Map<String, LayerContents> layers = new HashMap<>();
        Map<String, JsonNode> json = new HashMap<>();
        Map<String, String> links = new HashMap<>();
        try {
            TarArchiveInputStream archive = new TarArchiveInputStream(in);
            for (TarArchiveEntry entry = archive.getNextEntry(); entry != null; entry = archive.getNextEntry()) {
                checkDeadline(deadline);
                String name = LayerReader.normalize(entry.getName());
                if (entry.isSymbolicLink()) {
                    // Newer engines write "<id>/layer.tar" as a link to "blobs/sha256/<digest>".
                    links.put(name, resolve(name, entry.getLinkName()));
                } else if (!entry.isFile()) {
                    continue;
                } else if (isJson(name) && entry.getSize() <= JSON_LIMIT) {
                    json.put(name, JSON.readTree(new LayerReader.NonClosing(archive)));
                } else if (name.endsWith("/layer.tar")) {
                    layers.put(name, LayerReader.read(archive, deadline));
                } else if (name.startsWith("/blobs/")) {
                    readBlob(name, entry.getSize(), archive, deadline, layers, json);
                }
            }
        } catch (IOException e) {
            throw new DriftException("reading the saved images failed: " + e.getMessage(), e);
        }
        return new ImageArchive(layers, json, links);
    }

    // OCI blobs have no extension: configs and manifests start with '{', layers with a tar or gzip header.
    private static void readBlob(String name, long size, InputStream archive, Instant deadline,
                                 Map<String, LayerContents> layers, Map<String, JsonNode> json) throws IOException {
        BufferedInputStream blob = new BufferedInputStream(new LayerReader.NonClosing(archive));
        blob.mark(1);
        int first = blob.read();
        blob.reset();
        if (first == '{') {
            if (size <= JSON_LIMIT) json.put(name, JSON.readTree(blob));
        } else {
            layers.put(name, LayerReader.read(blob, deadline));
        }
    }

    private static boolean isJson(String name) {
        return name.endsWith(".json") && name.indexOf('/', 1) < 0;
    }

    /** The image with this id ("sha256:…"), as the archive's manifest.json lists it. */
    SavedImage image(String imageId) {
        JsonNode manifest = json.get("/manifest.json");
        if (manifest == null || !manifest.isArray()) {
            throw new DriftException("the saved archive has no manifest.json; the engine's save format is not one this version reads");
        }
        String hex = imageId.substring(imageId.indexOf(':') + 1);
        for (JsonNode image : manifest) {
            String configName = LayerReader.normalize(image.path("Config").asText());
            if (!configName.endsWith("/" + hex + ".json") && !configName.endsWith("/" + hex)) continue;
            return image(imageId, image, configName);
        }
        throw new DriftException("the saved archive does not hold image " + imageId);
    }

    private SavedImage image(String imageId, JsonNode entry, String configName) {
        JsonNode config = json.get(configName);
        if (config == null) throw new DriftException("the saved archive lacks the config of image " + imageId);
        List<String> tags = new ArrayList<>();
        entry.path("RepoTags").forEach(tag -> tags.add(tag.asText()));
        List<SavedImage.HistoryEntry> history = new ArrayList<>();
        for (JsonNode h : config.path("history")) {
            history.add(new SavedImage.HistoryEntry(h.path("created_by").asText(""), h.path("empty_layer").asBoolean(false)));
        }
        List<LayerContents> imageLayers = new ArrayList<>();
        for (JsonNode layer : entry.path("Layers")) {
            String name = LayerReader.normalize(layer.asText());
            LayerContents contents = layers.get(links.getOrDefault(name, name));
            if (contents == null) throw new DriftException("the saved archive lacks layer " + layer.asText() + " of image " + imageId);
            imageLayers.add(contents);
        }
        return new SavedImage(imageId, tags, history, imageLayers);
    }

    private static String resolve(String linkName, String target) {
        if (target.startsWith("/")) return LayerReader.normalize(target);
        String dir = linkName.substring(0, linkName.lastIndexOf('/'));
        List<String> parts = new ArrayList<>(List.of(dir.split("/")));
        for (String part : target.split("/")) {
            if (part.equals("..") && !parts.isEmpty()) parts.removeLast();
            else if (!part.equals(".") && !part.isEmpty()) parts.add(part);
        }
        return LayerReader.normalize(String.join("/", parts));
    }

    static void checkDeadline(Instant deadline) {
        if (Instant.now().isAfter(deadline)) {
            throw new DriftException("reading the saved images did not finish in time; the images may be very large or the engine slow");
        }
    }
}
