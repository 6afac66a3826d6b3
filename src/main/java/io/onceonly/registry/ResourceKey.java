package io.onceonly.registry;

import java.util.Locale;

/**
 * Which resource: its kind and name, and every name derived from them (the registry topic's key, the route id, the
 * Camel bean name), so no caller builds or slices those strings itself.
 */
public record ResourceKey(String kind, String name) {
    public static final String SOURCE = "Source";
    public static final String SUBSCRIPTION = "Subscription";

    public ResourceKey {
        if (kind == null || kind.contains("/")) {
            throw new IllegalArgumentException("Resource kind is not a kind: '" + kind + "'. Use Source or Subscription.");
        }
        name = name == null ? "" : name;
    }

    public static ResourceKey source(String name) {
        return new ResourceKey(SOURCE, name);
    }

    public static ResourceKey subscription(String name) {
        return new ResourceKey(SUBSCRIPTION, name);
    }

    /** A key as the registry topic holds it, {@code Source/township-a.activities}. */
    public static ResourceKey parse(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("Resource key is not Kind/name: '" + key + "'. For example Source/township-a.activities.");
        }
        return new ResourceKey(key.substring(0, slash), key.substring(slash + 1));
    }

    /** The resource a route runs, from the route's id ({@code source.x}, {@code subscription.x}). */
    public static ResourceKey ofRoute(String routeId) {
        int dot = routeId.indexOf('.');
        String prefix = dot < 0 ? "" : routeId.substring(0, dot);
        String name = dot < 0 ? routeId : routeId.substring(dot + 1);
        return prefix.equals("source") ? source(name) : subscription(name);
    }

    public boolean isSource() {
        return kind.equals(SOURCE);
    }

    public boolean isSubscription() {
        return kind.equals(SUBSCRIPTION);
    }

    /** The id of the Camel route that runs this resource: {@code source.x}, {@code subscription.x}. */
    public String routeId() {
        return kind.toLowerCase(Locale.ROOT) + "." + name;
    }

    /** The name under which the route's Java bean is bound in Camel's registry. */
    public String beanName() {
        return (isSource() ? "source-pipeline." : isSubscription() ? "subscription-delivery." : kind.toLowerCase(Locale.ROOT) + ".") + name;
    }

    /** {@code source 'x'}, for messages. */
    public String describe() {
        return kind.toLowerCase(Locale.ROOT) + " '" + name + "'";
    }

    /** The registry topic's key format, {@code Kind/name}: a contract, unchanged. */
    @Override
    public String toString() {
        return kind + "/" + name;
    }
}
