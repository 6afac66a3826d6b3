package io.onceonly.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options of every command that talks to a running hub: its address and how answers are printed. The token is read
 * from ONCEONLY_TOKEN only, never from an option: arguments are kept in shell history and shown to every user of
 * the machine by {@code ps}, and a token grants what its department or the operator may do.
 */
final class ClientOptions {
    static final String SERVER_VARIABLE = "ONCEONLY_SERVER";
    static final String TOKEN_VARIABLE = "ONCEONLY_TOKEN";
    static final String DEFAULT_SERVER = "http://localhost:8080";

    /** How answers are printed: aligned columns for people, the API's JSON for scripts, documents to apply again. */
    enum Output { TABLE, JSON, YAML }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--server", paramLabel = "URL",
            description = "The hub's address. Default: the environment variable " + SERVER_VARIABLE + ", else "
                    + DEFAULT_SERVER + ". The token is read from " + TOKEN_VARIABLE + ".")
    String server;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people, the default) or json (the API's answer, for scripts); get also takes yaml "
                    + "(the resources as documents to apply again).")
    Output output;

    ShellEnvironment environment() {
        return ((OnceOnlyCommand) mixee.root().userObject()).environment();
    }

    /** A client for the hub named by --server or ONCEONLY_SERVER; a malformed address is a usage error. */
    HubClient client() {
        String address = server != null ? server.trim()
                : environment().variable(SERVER_VARIABLE) != null ? environment().variable(SERVER_VARIABLE) : DEFAULT_SERVER;
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            uri = null;
        }
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "The hub's address '" + address + "' is not an "
                    + "http(s) URL. Use --server http://HOST:PORT (or set " + SERVER_VARIABLE + "), for example " + DEFAULT_SERVER + ".");
        }
        return new HubClient(uri, environment().variable(TOKEN_VARIABLE));
    }

    /** The output format, refusing yaml where there is no resource document to print. */
    Output tableOrJson() {
        if (output == Output.YAML) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "-o yaml prints resource documents and is for "
                    + "`onceonly get` only. Use -o table or -o json.");
        }
        return output;
    }

    PrintWriter out() {
        return mixee.commandLine().getOut();
    }

    PrintWriter err() {
        return mixee.commandLine().getErr();
    }

    void printJson(JsonNode json) {
        try {
            out().println(HubClient.JSON.writeValueAsString(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An answer cannot be printed as JSON", e);
        }
        out().flush();
    }
}
