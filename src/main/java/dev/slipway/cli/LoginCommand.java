package dev.slipway.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "login", description = "Checks a server URL and token, then keeps them in the CLI config for every later command.")
final class LoginCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "URL", description = "the server, e.g. http://127.0.0.1:8000")
    String url;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TOKEN", description = "the admin token (or --token-stdin, which keeps it out of the shell's history)")
    String token;

    @Option(names = "--token-stdin", description = "read the token from the first line of stdin")
    boolean tokenStdin;

    @Override
    public Integer call() throws IOException {
        if (tokenStdin == (token != null)) {
            System.err.println("error: give the token either as TOKEN or with --token-stdin, not " + (tokenStdin ? "both" : "neither"));
            return Main.BAD_INPUT;
        }
        String presented = tokenStdin ? firstLineOfStdin() : token.trim();
        if (presented.isEmpty()) {
            System.err.println("error: the token is empty" + (tokenStdin ? " (stdin had no line)" : ""));
            return Main.BAD_INPUT;
        }
        ApiClient.checkUrl(url, "URL");
        // Any call that needs the token proves it: nothing is written unless the server accepts it.
        new ApiClient(url, presented).get("/api/v1/projects");
        Path file = CliConfig.location(System.getenv());
        new CliConfig(file, url.endsWith("/") ? url.substring(0, url.length() - 1) : url, presented).write();
        System.out.println("logged in to " + url + "; URL and token kept in " + file);
        return 0;
    }

    private static String firstLineOfStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line.trim();
    }
}
