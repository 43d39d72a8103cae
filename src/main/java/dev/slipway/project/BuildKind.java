package dev.slipway.project;

/** How a deployment got its image: built it, or re-used one (DESIGN section 3). */
public enum BuildKind {
    /** Built from the commit, without the layer cache. */
    BUILT,
    /** Re-used the image another environment of the project runs or last succeeded with at this commit. */
    PROMOTION,
    /** A mirror re-used its original's image of this commit. */
    MIRROR,
    /** A rollback re-deployed an earlier release's image. */
    ROLLBACK;

    public boolean reused() {
        return this != BUILT;
    }
}
