package dev.slipway.build;

import java.util.ArrayDeque;
import java.util.Deque;

/** Absolute paths inside an image, resolved the way WORKDIR and COPY do: against the working directory, "." and ".." folded. */
final class ImagePath {
    private ImagePath() {}

    /** {@code path} against {@code directory} (itself absolute); the result has no trailing slash except "/". */
    static String resolve(String directory, String path) {
        String joined = path.startsWith("/") ? path : directory + "/" + path;
        Deque<String> parts = new ArrayDeque<>();
        for (String part : joined.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        return "/" + String.join("/", parts);
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String name(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
