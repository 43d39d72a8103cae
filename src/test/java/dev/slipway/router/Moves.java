package dev.slipway.router;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.BiPredicate;

/** Reads a state enum's table of moves back as sets, so a test can hold the whole table at once. */
final class Moves {
    private Moves() {}

    /** Every state {@code from} may become, by the enum's own {@code canBecome}. */
    static <S extends Enum<S>> Set<S> from(S from, BiPredicate<S, S> canBecome) {
        Set<S> moves = EnumSet.noneOf(from.getDeclaringClass());
        for (S next : from.getDeclaringClass().getEnumConstants()) {
            if (canBecome.test(from, next)) {
                moves.add(next);
            }
        }
        return moves;
    }
}
