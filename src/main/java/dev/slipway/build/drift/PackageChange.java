package dev.slipway.build.drift;

/**
 * A package whose version differs between two images: {@code before} null when only B has it,
 * {@code after} null when only A has it. {@code instruction} made the layer that changed it;
 * {@code reason} says which input left the version open, when known.
 */
public record PackageChange(Ecosystem ecosystem, String name, String location, String before, String after,
                            String instruction, String reason) {
    /** "requests 2.31.0 → 2.32.3 (from RUN pip install -r requirements.txt, requirements.txt:3 is unpinned)" */
    public String describe() {
        String change = before == null ? "+ " + name + " " + after
                : after == null ? "- " + name + " " + before
                : name + " " + before + " → " + after;
        if (location != null) change += " at " + location;
        if (instruction == null) return change;
        return change + " (from " + instruction + (reason == null ? "" : ", " + reason) + ")";
    }
}
