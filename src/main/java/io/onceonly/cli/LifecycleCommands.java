package io.onceonly.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code onceonly delete|pause|resume|restart source|subscription NAME}: one action on one resource. */
final class LifecycleCommands {
    private LifecycleCommands() {
    }

    /** An action on one named resource: the request, and what to print when the hub has done it. */
    abstract static class Action implements Callable<Integer> {
        @Mixin
        ClientOptions client;

        @Parameters(index = "0", paramLabel = "KIND", converter = ResourceKind.Converter.class,
                description = "source or subscription.")
        ResourceKind kind;

        @Parameters(index = "1", paramLabel = "NAME", description = "The resource's name, e.g. township-a.activities.")
        String name;

        /** The API call: POST to {@code /pause}, {@code /resume} or {@code /restart}, or DELETE the resource. */
        abstract HubAnswer send(HubClient hub);

        /** What is printed, after {@code source/NAME}. */
        abstract String done();

        @Override
        public Integer call() {
            ClientOptions.Output output = client.tableOrJson();
            HubClient hub = client.client();
            HubAnswer answer = hub.expectOk(ok204(send(hub)));
            if (output == ClientOptions.Output.JSON) {
                client.printJson(answer.body());
            } else {
                client.out().println(kind.singular() + "/" + name + " " + done());
                client.out().flush();
            }
            return 0;
        }

        /** Deleted (204) and restart requested (202) have no body; the JSON output says what was done instead. */
        private HubAnswer ok204(HubAnswer answer) {
            if (!answer.ok() || answer.body() != null) {
                return answer;
            }
            ObjectNode body = HubClient.JSON.createObjectNode().put("kind", kind.kind).put("name", name).put("result", done());
            return new HubAnswer(answer.status(), body, answer.text());
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = {"Delete a source or subscription.",
            "Its route stops on every hub instance. A source's records stay on their topic."})
    static final class Delete extends Action {
        @Override
        HubAnswer send(HubClient hub) {
            return hub.send("DELETE", kind.path(name), null);
        }

        @Override
        String done() {
            return "deleted";
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = {"Pause a source or subscription on every hub instance.",
            "A source stops reading and keeps its position; a subscription stops delivering and keeps its place."})
    static final class Pause extends Action {
        @Override
        HubAnswer send(HubClient hub) {
            return hub.send("POST", kind.path(name) + "/pause", null);
        }

        @Override
        String done() {
            return "paused";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resume a paused source or subscription from where it stopped.")
    static final class Resume extends Action {
        @Override
        HubAnswer send(HubClient hub) {
            return hub.send("POST", kind.path(name) + "/resume", null);
        }

        @Override
        String done() {
            return "resumed";
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true, description = {"Restart a source's or subscription's route wherever it runs.",
            "For example after fixing what made it fail."})
    static final class Restart extends Action {
        @Override
        HubAnswer send(HubClient hub) {
            return hub.send("POST", kind.path(name) + "/restart", null);
        }

        @Override
        String done() {
            return "restart requested";
        }
    }
}
