package dev.slipway.local;

import java.util.ArrayList;
import java.util.List;

/** The compose arguments of each `slipway local` command, in one place; the same for v1 and v2. */
public final class ComposeCommands {
    private ComposeCommands() {}

    /** Only the web service: the processes share its image, and a second --no-cache build would be wasted. */
    public static List<String> build(boolean noCache) {
        return noCache ? List.of("build", "--no-cache", ComposeFile.WEB) : List.of("build", ComposeFile.WEB);
    }

    public static List<String> up() {
        return List.of("up", "--detach");
    }

    /** -T: no pseudo-terminal, so the output streams through to whoever reads it (a pipe, a CI log). */
    public static List<String> migrate(String command) {
        return List.of("run", "--rm", "-T", ComposeFile.WEB, "/bin/sh", "-c", command);
    }

    public static List<String> down(boolean volumes) {
        return volumes ? List.of("down", "--volumes") : List.of("down");
    }

    public static List<String> logs(boolean follow, List<String> services) {
        List<String> args = new ArrayList<>(follow ? List.of("logs", "--follow") : List.of("logs"));
        args.addAll(services);
        return List.copyOf(args);
    }

    public static List<String> ps() {
        return List.of("ps");
    }

    public static List<String> port(int containerPort) {
        return List.of("port", ComposeFile.WEB, Integer.toString(containerPort));
    }
}
