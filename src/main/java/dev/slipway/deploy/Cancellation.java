package dev.slipway.deploy;

/**
 * A running deployment's cancel request, and the point after which none is taken: the switch. A request
 * interrupts the deployment's thread, so that a step that waits (health checks, a migration's one-off
 * container, a process's check window) ends at once; one that does not notice an interrupt ends first. Once the pipeline has seen the request it acknowledges it,
 * which clears the interrupt and lets no other in, so that the undo runs uninterrupted.
 */
final class Cancellation {
    private Thread runner;
    private boolean requested;
    private boolean committed;

    /** The thread that runs the deployment, to interrupt on a request. */
    synchronized void runBy(Thread thread) {
        runner = thread;
    }

    /** False once the deployment is switching (or has switched): it can no longer be undone. */
    synchronized boolean request() {
        if (committed) return false;
        if (!requested) {
            requested = true;
            if (runner != null) runner.interrupt();
        }
        return true;
    }

    synchronized boolean requested() {
        return requested;
    }

    /** Called before the switch: true (and no request is taken from then on) unless one came first. */
    synchronized boolean commit() {
        if (requested) return false;
        committed = true;
        return true;
    }

    /** No request is taken from now on (the deployment is failing, or has ended), and none interrupts the thread. */
    synchronized void close() {
        committed = true;
        runner = null;
    }

    /** Called by the runner once it has seen the request: no more interrupts, and the one sent is cleared. */
    synchronized void acknowledge() {
        runner = null;
        Thread.interrupted();
    }
}
