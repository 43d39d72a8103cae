package dev.slipway.build.drift;

/**
 * A package an image holds. {@code key} tells two installs apart that share a name (two Python
 * site directories, nested node_modules); {@code location} is the directory it was found in.
 */
record InstalledPackage(Ecosystem ecosystem, String key, String name, String version, String location) {}
