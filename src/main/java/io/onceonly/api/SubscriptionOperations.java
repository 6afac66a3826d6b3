package io.onceonly.api;

import java.util.List;

import io.onceonly.delivery.DeadLetters;

/** What the subscription endpoints (dead letters and their replay) ask of the hub. */
public interface SubscriptionOperations extends RegistryView {
    List<DeadLetters.DeadLetter> deadLetters(String subscription);

    /** Delivers the dead letters again, to that subscriber only; returns how many it now took. */
    int replayDeadLetters(String subscription) throws Exception;
}
