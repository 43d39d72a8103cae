package dev.slipway.build;

import dev.slipway.build.DockerfileInstructions.Heredoc;
import dev.slipway.build.DockerfileInstructions.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A COPY or ADD as data: where it copies from ({@code --from} a stage or an image, else the build
 * context), its sources (paths, globs, URLs, heredocs) and its destination, plus the Dockerfile line
 * for messages. Flags that change no path ({@code --chown}, {@code --chmod}, {@code --link}, …) are
 * dropped. See https://docs.docker.com/reference/dockerfile/#copy.
 */
record CopySpec(String keyword, int line, String from, boolean parents, List<String> sources, String destination, List<Heredoc> heredocs) {
    private static final Pattern JSON_STRING = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern HEREDOC_SOURCE = Pattern.compile("<<-?[\"']?([A-Za-z_][A-Za-z0-9_.-]*)[\"']?");

    CopySpec {
        sources = List.copyOf(sources);
        heredocs = List.copyOf(heredocs);
    }

    /** How the instruction is named in messages: "COPY, Dockerfile:4" or "COPY --from=build, Dockerfile:9". */
    String how(String dockerfile) {
        return keyword + (from == null ? "" : " --from=" + from) + ", " + dockerfile + ":" + line;
    }

    /** Null when the instruction names no destination (a malformed COPY the build itself will reject). */
    static CopySpec parse(Instruction in) {
        String head = in.head().strip();
        String from = null;
        boolean parents = false;
        while (head.startsWith("--")) {
            int end = firstSpace(head);
            String flag = head.substring(0, end);
            if (flag.startsWith("--from=")) from = flag.substring("--from=".length());
            if (flag.equals("--parents") || flag.equals("--parents=true")) parents = true;
            head = head.substring(end).strip();
        }
        List<String> args = new ArrayList<>();
        if (head.startsWith("[")) {
            Matcher m = JSON_STRING.matcher(head);
            while (m.find()) args.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        } else {
            for (String w : head.split("\\s+")) {
                if (!w.isEmpty()) args.add(w);
            }
        }
        if (args.size() < 2) return null;
        List<String> sources = new ArrayList<>();
        List<Heredoc> docs = new ArrayList<>();
        int doc = 0;
        for (String source : args.subList(0, args.size() - 1)) {
            Matcher m = HEREDOC_SOURCE.matcher(source);
            if (m.matches()) {
                if (doc < in.heredocs().size()) docs.add(in.heredocs().get(doc++));
            } else {
                sources.add(source);
            }
        }
        return new CopySpec(in.keyword(), in.line(), from, parents, sources, args.get(args.size() - 1), docs);
    }

    /**
     * A {@code RUN --mount=type=bind,source=…,target=…[,from=…]} as a copy for the duration of that
     * RUN (bind is the default type); null for other mounts (cache, secret, tmpfs, ssh).
     */
    static CopySpec mount(String flag, int line) {
        String type = "bind";
        String source = "/";
        String target = null;
        String from = null;
        for (String option : flag.substring("--mount=".length()).split(",")) {
            int eq = option.indexOf('=');
            String key = eq < 0 ? option : option.substring(0, eq);
            String value = eq < 0 ? "" : option.substring(eq + 1);
            switch (key) {
                case "type" -> type = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "from" -> from = value;
                default -> { }
            }
        }
        if (!type.equals("bind") || target == null) return null;
        return new CopySpec("RUN --mount", line, from, false, List.of(source), target, List.of());
    }

    private static int firstSpace(String s) {
        for (int k = 0; k < s.length(); k++) {
            if (Character.isWhitespace(s.charAt(k))) return k;
        }
        return s.length();
    }
}
