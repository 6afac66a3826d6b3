package io.onceonly.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Callable;

import io.onceonly.api.AccessTokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code onceonly token hash|new}: department tokens for {@code onceonly.api.tokens}, which keeps only their hashes. */
@Command(name = "token", mixinStandardHelpOptions = true, description = {"Make department tokens and their hashes for onceonly.api.tokens.",
        "The hub keeps only each token's SHA-256."},
        subcommands = {TokenCommand.Hash.class, TokenCommand.New.class})
final class TokenCommand implements Runnable {
    /** 256 bits: as strong as the SHA-256 the hub compares, and never guessed. */
    static final int TOKEN_BYTES = 32;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "hash", mixinStandardHelpOptions = true, description = {
            "Print the SHA-256 of a token read from standard input.",
            "At a terminal the token is typed without echo. Put department=<sha256> in onceonly.api.tokens.",
            "The token is never an argument, so it stays out of shell history."})
    static final class Hash implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            ShellEnvironment env = ((OnceOnlyCommand) spec.root().userObject()).environment();
            String token;
            if (env.console() != null) {
                char[] typed = env.console().readPassword("Token (not shown): ");
                token = typed == null ? "" : new String(typed).strip();
                if (typed != null) {
                    Arrays.fill(typed, ' ');
                }
            } else {
                try {
                    token = new String(env.stdin().readAllBytes(), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (token.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "No token on standard input. Type it when "
                        + "asked, or pipe it in: onceonly token hash < token.txt");
            }
            spec.commandLine().getOut().println(AccessTokens.sha256Hex(token));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true, description = {"Print a new random token and its SHA-256.",
            TOKEN_BYTES + " random bytes, base64url. Give the token to the department; put department=<sha256> in "
                    + "onceonly.api.tokens."})
    static final class New implements Callable<Integer> {
        private static final SecureRandom RANDOM = new SecureRandom();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            byte[] bytes = new byte[TOKEN_BYTES];
            RANDOM.nextBytes(bytes);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            spec.commandLine().getOut().println("token:  " + token);
            spec.commandLine().getOut().println("sha256: " + AccessTokens.sha256Hex(token));
            spec.commandLine().getOut().flush();
            spec.commandLine().getErr().println("Give the token to the department over a safe channel: it is shown only "
                    + "now and stored nowhere. Add <department>=<sha256> to onceonly.api.tokens and restart the hub.");
            spec.commandLine().getErr().flush();
            return 0;
        }
    }
}
