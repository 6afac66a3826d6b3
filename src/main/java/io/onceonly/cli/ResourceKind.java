package io.onceonly.cli;

import java.util.Locale;

import picocli.CommandLine;

/** The two kinds of resource the admin API manages, as the CLI names them, the API's paths and the documents' kind. */
enum ResourceKind {
    SOURCE("Source", "sources"), SUBSCRIPTION("Subscription", "subscriptions");

    final String kind;
    final String plural;

    ResourceKind(String kind, String plural) {
        this.kind = kind;
        this.plural = plural;
    }

    /** {@code source}, as in {@code source/township-a.activities}. */
    String singular() {
        return name().toLowerCase(Locale.ROOT);
    }

    String path() {
        return "/api/v1/" + plural;
    }

    String path(String name) {
        return path() + "/" + HubClient.segment(name);
    }

    /** The kind a resource document names, or null when it is neither Source nor Subscription. */
    static ResourceKind ofDocument(String kind) {
        for (ResourceKind k : values()) {
            if (k.kind.equals(kind)) {
                return k;
            }
        }
        return null;
    }

    /** Takes source, sources, subscription or subscriptions in any case, as kubectl takes pod and pods. */
    static final class Converter implements CommandLine.ITypeConverter<ResourceKind> {
        @Override
        public ResourceKind convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            for (ResourceKind k : values()) {
                if (v.equals(k.singular()) || v.equals(k.plural)) {
                    return k;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a kind of resource. Use sources or subscriptions.");
        }
    }
}
