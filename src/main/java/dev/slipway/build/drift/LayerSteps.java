package dev.slipway.build.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which Dockerfile instruction made each layer of an image. The image config's history has one entry
 * per instruction (base image first; {@code empty_layer} for those that add no layer); the
 * Dockerfile's last stage is matched to its end, from the back, because the history may carry
 * entries the Dockerfile does not show (a LABEL for labels given to the build) and the base image's
 * entries come first.
 */
final class LayerSteps {
    /** A layer and what made it: the instruction when the Dockerfile names it, else the history's own text. */
    record Step(String label, Instruction instruction) {}

    private static final Set<String> KEYWORDS = Set.of("ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE",
            "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR");

    private LayerSteps() {}

    /** One step per layer of {@code image}, bottom first. */
    static List<Step> of(SavedImage image, List<Instruction> lastStage) {
        List<SavedImage.HistoryEntry> history = image.history();
        Instruction[] matched = match(history, lastStage);
        String base = lastStage.isEmpty() ? "base image" : lastStage.getFirst().located() + " (base image)";
        int firstMatched = firstNonNull(matched);

        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).emptyLayer()) continue;
            if (matched[i] != null) steps.add(new Step(matched[i].located(), matched[i]));
            else if (i < firstMatched && !lastStage.isEmpty()) steps.add(new Step(base, null));
            else steps.add(new Step(historyText(history.get(i).createdBy()), null));
        }
        // An image without history (imported, or squashed) still has layers to name.
        if (steps.size() != image.layers().size()) {
            steps.clear();
            for (int i = 0; i < image.layers().size(); i++) steps.add(new Step("layer " + (i + 1), null));
        }
        return steps;
    }

    private static Instruction[] match(List<SavedImage.HistoryEntry> history, List<Instruction> lastStage) {
        Instruction[] matched = new Instruction[history.size()];
        int i = history.size() - 1;
        int j = lastStage.size() - 1;
        while (i >= 0 && j >= 1) { // index 0 is FROM: the base image's entries are not matched
            Instruction instruction = lastStage.get(j);
            if (matches(historyText(history.get(i).createdBy()), instruction)) {
                matched[i--] = instruction;
                j--;
            } else if (instruction.keyword().equals("ARG") || instruction.keyword().equals("ONBUILD")) {
                j--; // some builders record no history for these
            } else {
                i--; // an entry the Dockerfile does not show
            }
        }
        return matched;
    }

    private static boolean matches(String historyText, Instruction instruction) {
        String keyword = keyword(historyText);
        if (!keyword.equals(instruction.keyword())) return false;
        if (!keyword.equals("RUN") || instruction.arguments().startsWith("[")) return true;
        return squash(historyText.substring(3)).equals(squash(instruction.arguments()));
    }

    /**
     * The history's created_by as an instruction: "/bin/sh -c #(nop)  CMD [\"x\"]" is "CMD [\"x\"]",
     * "|1 V=2 /bin/sh -c make" and BuildKit's "RUN /bin/sh -c make # buildkit" are "RUN make".
     */
    static String historyText(String createdBy) {
        String text = createdBy.strip();
        if (text.endsWith("# buildkit")) text = text.substring(0, text.length() - "# buildkit".length()).strip();
        int nop = text.indexOf("#(nop)");
        if (nop >= 0) return text.substring(nop + "#(nop)".length()).strip();
        if (text.startsWith("RUN ")) text = text.substring(4).strip();
        else if (KEYWORDS.contains(keyword(text))) return text;
        int shell = text.indexOf("/bin/sh -c ");
        if (shell >= 0 && (shell == 0 || text.startsWith("|"))) text = text.substring(shell + "/bin/sh -c ".length());
        return "RUN " + text.strip();
    }

    private static String keyword(String text) {
        String first = text.split("\\s+", 2)[0];
        return first.toUpperCase(Locale.ROOT);
    }

    private static String squash(String s) {
        return String.join(" ", Arrays.stream(s.strip().split("\\s+")).toList());
    }

    private static int firstNonNull(Object[] values) {
        for (int i = 0; i < values.length; i++) if (values[i] != null) return i;
        return values.length;
    }
}
