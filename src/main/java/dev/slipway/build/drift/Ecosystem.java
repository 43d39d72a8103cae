package dev.slipway.build.drift;

/** Where a package's version was read from. */
public enum Ecosystem {
    DEBIAN("Debian"), PYTHON("Python"), NPM("npm");

    private final String title;

    Ecosystem(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
