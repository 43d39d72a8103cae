package dev.slipway.engine.swarm;

import java.util.concurrent.Callable;

/** A step of the swarm test cluster that could not be done; its message names the step and the cause. */
public final class ClusterStartException extends RuntimeException {
    ClusterStartException(String step, String cause) {
        super("swarm test cluster, " + step + ": " + cause);
    }

    ClusterStartException(String step, Throwable cause) {
        super("swarm test cluster, " + step + ": " + describe(cause), cause);
    }

    /** Runs one step; whatever it throws comes back once, with the step's name in front. */
    static <T> T step(String step, Callable<T> work) {
        try {
            return work.call();
        } catch (ClusterStartException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterStartException(step, e);
        } catch (Exception e) {
            throw new ClusterStartException(step, e);
        }
    }

    static void step(String step, CheckedRunnable work) {
        step(step, () -> {
            work.run();
            return null;
        });
    }

    interface CheckedRunnable {
        void run() throws Exception;
    }

    private static String describe(Throwable cause) {
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.strip());
    }
}
