package dev.slipway.engine;

import java.util.List;

/** A build error: the failing instruction and the last lines of its output. */
public class BuildFailedException extends EngineException {
    private final String instruction;
    private final List<String> lastLines;

    public BuildFailedException(String error, String instruction, List<String> lastLines) {
        super(error + (instruction == null ? "" : " at " + instruction)
                + (lastLines.isEmpty() ? "" : "; last output: " + String.join(" | ", lastLines)));
        this.instruction = instruction;
        this.lastLines = List.copyOf(lastLines);
    }

    public String instruction() {
        return instruction;
    }

    public List<String> lastLines() {
        return lastLines;
    }
}
