package dev.slipway.cli;

import dev.slipway.project.Durations;
import dev.slipway.project.InvalidInputException;
import dev.slipway.router.RouterOptions;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The router's timeouts and limits, for both `slipway server` (embedded router) and `slipway router`. */
final class RouterFlags {
    @Option(names = "--connect-timeout", paramLabel = "DURATION", description = "how long an upstream may take to accept a connection (then 502/504); default 5s")
    String connectTimeout;

    @Option(names = "--read-timeout", paramLabel = "DURATION", description = "how long an upstream may stay silent during a response (then 504); default 60s")
    String readTimeout;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "how long an idle keep-alive connection stays open; default 60s")
    String idleTimeout;

    @Option(names = "--max-body", paramLabel = "BYTES", description = "largest request body, larger is refused with 413; default 104857600 (100 MiB)")
    Long maxBody;

    @Option(names = "--router-threads", paramLabel = "N", description = "event loops serving the router's connections; default one per two processors, at least one")
    Integer threads;

    RouterOptions options() {
        RouterOptions o = RouterOptions.DEFAULTS;
        if (connectTimeout != null) o = o.withConnectTimeout(duration("--connect-timeout", connectTimeout));
        if (readTimeout != null) o = o.withResponseTimeout(duration("--read-timeout", readTimeout));
        if (idleTimeout != null) o = o.withIdleTimeout(duration("--idle-timeout", idleTimeout));
        if (maxBody != null) {
            if (maxBody < 1) throw new InvalidInputException("--max-body", "--max-body must be at least 1 byte");
            o = o.withMaxRequestBodyBytes(maxBody);
        }
        if (threads != null) {
            if (threads < 1) throw new InvalidInputException("--router-threads", "--router-threads must be at least 1, was " + threads);
            o = o.withEventLoops(threads);
        }
        return o;
    }

    private static Duration duration(String flag, String value) {
        Duration d = Durations.parse(value);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new InvalidInputException(flag, flag + " '" + value + "' is not a positive duration (e.g. 500ms, 5s, 2m)");
        }
        return d;
    }
}
