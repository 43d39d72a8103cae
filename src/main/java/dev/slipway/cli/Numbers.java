package dev.slipway.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

/** Whole-number arguments; CliErrors names the argument, so "ID: 'abc' is not a number" instead of "'abc' is not a long". */
final class Numbers {
    private Numbers() {}

    static void register(CommandLine cli) {
        cli.registerConverter(Long.class, Numbers::toLong);
        cli.registerConverter(long.class, Numbers::toLong);
        cli.registerConverter(Integer.class, Numbers::toInt);
        cli.registerConverter(int.class, Numbers::toInt);
    }

    private static long toLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number");
        }
    }

    private static int toInt(String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not a whole number" + (value.strip().matches("-?\\d+") ? " this command accepts (too large)" : ""));
        }
    }
}
