package dev.slipway.build.drift;

import java.util.List;

/**
 * One image of a saved archive: its id, tags, the history of its config (one entry per Dockerfile
 * instruction, empty layers included) and its layers, bottom first.
 */
record SavedImage(String id, List<String> tags, List<HistoryEntry> history, List<LayerContents> layers) {
    record HistoryEntry(String createdBy, boolean emptyLayer) {}

    SavedImage {
        tags = List.copyOf(tags);
        history = List.copyOf(history);
        layers = List.copyOf(layers);
    }
}
