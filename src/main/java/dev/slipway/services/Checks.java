package dev.slipway.services;

import java.time.Duration;
import java.time.Instant;

/**
 * Runs a service check again until it passes or its timeout is spent, so that a service that is
 * restarting gets the whole timeout; a failure that waiting cannot fix (bad password) ends it at once.
 */
final class Checks {
    static final Duration PAUSE = Duration.ofMillis(500);

    interface Attempt {
        /** Returns normally when the service answered; throws {@link Failure} otherwise. */
        void run(Duration remaining) throws Failure;
    }

    /** Why one attempt failed; {@code permanent} when trying again cannot help. */
    static final class Failure extends Exception {
        final boolean permanent;

        Failure(String reason, boolean permanent) {
            super(reason, null, false, false);
            this.permanent = permanent;
        }
    }

    private Checks() {}

    static void within(String service, String address, Duration timeout, Attempt attempt) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Duration remaining = Duration.between(Instant.now(), deadline);
            try {
                attempt.run(remaining.isNegative() || remaining.isZero() ? Duration.ofMillis(100) : remaining);
                return;
            } catch (Failure f) {
                if (f.permanent) {
                    throw new ServiceUnavailableException(service, f.getMessage() + " at " + address);
                }
                if (Instant.now().plus(PAUSE).isAfter(deadline)) {
                    throw new ServiceUnavailableException(service, f.getMessage() + " at " + address + " after " + seconds(timeout));
                }
            }
            try {
                Thread.sleep(PAUSE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ServiceUnavailableException(service, "check interrupted at " + address);
            }
        }
    }

    static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
