package dev.slipway.build.drift;

/** One Dockerfile instruction: its first line, keyword (upper case) and arguments with continuations joined. */
record Instruction(int line, String keyword, String arguments) {
    String text() {
        return keyword + " " + arguments;
    }

    /** "Dockerfile:4 RUN date > /built-at" */
    String located() {
        return "Dockerfile:" + line + " " + text();
    }
}
