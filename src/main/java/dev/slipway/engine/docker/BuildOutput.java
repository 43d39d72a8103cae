package dev.slipway.engine.docker;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BuildResponseItem;
import dev.slipway.engine.BuildFailedException;
import dev.slipway.engine.LogSink;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the build stream of the classic builder: forwards every line, remembers the last
 * "Step n/m : INSTRUCTION" and the output after it, so a failure can name the instruction and show
 * what it printed. The daemon reports a failing RUN as an item with errorDetail inside an HTTP 200
 * stream, not as an HTTP error.
 */
final class BuildOutput extends ResultCallback.Adapter<BuildResponseItem> {
    static final int LAST_LINES = 10;
    private static final Pattern STEP = Pattern.compile("^Step \\d+/\\d+ : (.*)$");
    // The builder's own bookkeeping lines; they are logged but are not the instruction's output.
    private static final Pattern LAYER = Pattern.compile("^ ---> ([0-9a-f]{12,64})$");
    private static final Pattern BOOKKEEPING = Pattern.compile(
            "^( ---> .*|Removing intermediate container .*|Successfully (built|tagged) .*)$");

    // The classic builder paints a RUN's stderr red ("\e[91m…\e[0m"); logs and messages are plain text.
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");

    private final LogSink sink;
    private final Deque<String> afterStep = new ArrayDeque<>();
    private final List<String> layers = new ArrayList<>();
    private String instruction;
    private String error;
    private String imageId;

    BuildOutput(LogSink sink) {
        this.sink = sink;
    }

    @Override
    public synchronized void onNext(BuildResponseItem item) {
        if (item.getStream() != null) {
            List<String> lines = new ArrayList<>();
            item.getStream().lines().forEach(raw -> {
                String line = line(raw);
                if (line != null) lines.add(line);
            });
            if (!lines.isEmpty()) sink.lines(lines);
        }
        if (item.isErrorIndicated()) {
            error = item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null
                    ? item.getErrorDetail().getMessage()
                    : item.getError();
            if (error != null) sink.line(error.strip());
        }
        // The aux item carries the full "sha256:…" id; the later "Successfully built" line only a short one.
        String id = item.getImageId();
        if (id != null && (imageId == null || id.startsWith("sha256:"))) imageId = id;
    }

    /** The line as it is logged (null: not at all), after noting what it says about the build. */
    private String line(String raw) {
        String line = ANSI.matcher(raw).replaceAll("").stripTrailing();
        if (line.isEmpty()) return null;
        Matcher step = STEP.matcher(line);
        if (step.matches()) {
            instruction = step.group(1);
            afterStep.clear();
            return line;
        }
        Matcher layer = LAYER.matcher(line);
        // The image after FROM is the base image, not one this build made.
        if (layer.matches() && instruction != null && !instruction.regionMatches(true, 0, "FROM", 0, 4)) {
            layers.add(layer.group(1));
        }
        if (!BOOKKEEPING.matcher(line).matches()) {
            afterStep.addLast(line);
            while (afterStep.size() > LAST_LINES) afterStep.removeFirst();
        }
        return line;
    }

    /** The image id (possibly short), or the failure with the failing instruction and its last output lines. */
    synchronized String result() {
        if (error != null) throw failure(error.strip());
        if (imageId == null) throw failure("the build ended without an image id");
        return imageId;
    }

    /** Images made by the steps of this build, newest first (a failed build leaves them untagged). */
    synchronized List<String> layers() {
        return layers.reversed();
    }

    synchronized BuildFailedException failure(String reason) {
        return new BuildFailedException(reason, instruction, List.copyOf(afterStep));
    }
}
