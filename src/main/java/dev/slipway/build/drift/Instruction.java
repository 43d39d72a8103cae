package dev.slipway.build.drift;

/** One Dockerfile instruction: its first line, keyword (upper case) and arguments with continuations joined. */
record Instruction(int line, String keyword, String arguments) {
    // Long RUN lines are cut when shown; the line number finds the rest.
    private static final int SHOWN_LIMIT = 120;

    String text() {
        return keyword + " " + arguments;
    }

    /** "Dockerfile:4 RUN date > /built-at" */
    String located() {
        String located = "Dockerfile:" + line + " " + text();
        return located.length() <= SHOWN_LIMIT ? located : located.substring(0, SHOWN_LIMIT - 1) + "…";
    }
}
