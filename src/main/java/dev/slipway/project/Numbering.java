package dev.slipway.project;

/**
 * The one story every output tells about numbers (README "Numbers"): deployments are numbered; a release
 * has the number of the deployment that made it; a rollback is a deployment that runs an earlier
 * release's image again and so makes a new release; builds have numbers of their own and are always
 * called "build N".
 */
public final class Numbering {
    /** What a failed deployment's last line says when the environment had no release before it. */
    public static final String NOTHING_SERVING = "nothing was serving and nothing is";
    private static final int SHORT_COMMIT = 12;

    private Numbering() {}

    /** "release 7 (commit 3fa9c1e2b4d5)" or "release 9 (rollback to release 5, commit 3fa9c1e2b4d5)". */
    public static String release(long id, Long rollbackOf, String commit) {
        return "release " + id + " (" + (rollbackOf == null ? "" : "rollback to release " + rollbackOf + ", ") + "commit " + shortCommit(commit) + ")";
    }

    /** "release 7 (commit 3fa9c1e2b4d5) is still serving", or {@link #NOTHING_SERVING} without a release. */
    public static String stillServing(Long releaseId, Long rollbackOf, String commit) {
        return releaseId == null ? NOTHING_SERVING : release(releaseId, rollbackOf, commit) + " is still serving";
    }

    public static String build(long id) {
        return "build " + id;
    }

    public static String shortCommit(String commit) {
        return commit == null || commit.isEmpty() ? "unknown" : commit.substring(0, Math.min(SHORT_COMMIT, commit.length()));
    }
}
