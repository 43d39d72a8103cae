package dev.slipway.docs;

import java.util.Locale;

/** The #fragment GitHub gives a Markdown heading: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
final class Anchors {
    private Anchors() {}

    static String of(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
