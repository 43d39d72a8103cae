package dev.slipway.build;

/** One unpinned build input: {@code file} is relative to the checked directory, {@code line} 1-based. */
public record Advisory(String file, int line, String rule, String message) {

    /** The {@code slipway lint} form, {@code FILE:LINE: RULE message}, also stored with each build. */
    @Override
    public String toString() {
        return file + ":" + line + ": " + rule + " " + message;
    }
}
