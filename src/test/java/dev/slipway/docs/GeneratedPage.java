package dev.slipway.docs;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A checked-in page that the code generates: the test fails when they differ, or rewrites it when refreshing. */
final class GeneratedPage {
    /** scripts/refresh-docs.sh sets it; an ordinary test run only compares. */
    static final String REFRESH = "slipway.docs.refresh";

    private GeneratedPage() {}

    static void check(String page, String generated) throws IOException {
        Path file = Path.of(page);
        if (Boolean.getBoolean(REFRESH)) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, generated);
            return;
        }
        String checkedIn = Files.exists(file) ? Files.readString(file) : "";
        if (checkedIn.equals(generated)) return;
        fail(page + " differs from what the code generates; run scripts/refresh-docs.sh and commit the page.\n"
                + firstDifference(checkedIn, generated));
    }

    private static String firstDifference(String checkedIn, String generated) {
        String[] a = checkedIn.split("\n", -1);
        String[] b = generated.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            String left = i < a.length ? a[i] : "(end of file)";
            String right = i < b.length ? b[i] : "(end of file)";
            if (!left.equals(right)) return "first difference at line " + (i + 1) + ":\n  page: " + left + "\n  code: " + right;
        }
        return "";
    }
}
