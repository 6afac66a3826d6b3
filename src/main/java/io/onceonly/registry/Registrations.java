package io.onceonly.registry;

import java.util.List;

/** Every Source and Subscription the hub runs, checked and consistent. */
public record Registrations(List<SourceResource> sources, List<SubscriptionResource> subscriptions) {
}
