package dev.slipway.project;

/** An invalid {@code slipway.yaml} or {@code Procfile}; the message names the file, the line and the key. */
public class ConfigException extends InvalidInputException {
    private final String file;
    private final int line;

    public ConfigException(String file, int line, String key, String problem) {
        super(key, file + ":" + line + ": " + (key == null || key.isEmpty() ? "" : "'" + key + "' ") + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }
}
