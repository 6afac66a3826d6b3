package io.onceonly.kafka;

/**
 * Every topic name the hub uses, from one place. Topics name the data, never a department or a consumer:
 * departments are merged and renamed, topics cannot be.
 */
public record Topics(String prefix) {

    /** Records of one major version of a shared schema, for example {@code onceonly.cultural-activity.v1}. */
    public String schema(String schemaName, int majorVersion) {
        return prefix + "." + schemaName + ".v" + majorVersion;
    }

    /** Input that could not be normalized, each with its source, raw input and reason. */
    public String rejects() {
        return prefix + ".rejects";
    }

    /** Compacted: how far each source has read. */
    public String offsets() {
        return prefix + ".offsets";
    }

    /** Compacted: the control plane (registrations). */
    public String registry() {
        return prefix + ".registry";
    }

    /** Compacted: each instance's last reported state of each resource, keyed {@code Kind/name@instance}. */
    public String status() {
        return prefix + ".status";
    }

    /** Every change to the registry, with who made it and when; kept, not compacted. */
    public String audit() {
        return prefix + ".audit";
    }

    /**
     * Carries no records: the hub instances join one consumer group on it, and the partitions each is assigned
     * decide which sources it polls, so Kafka's group membership shares the work and moves it when one dies.
     */
    public String sourceAssignments() {
        return prefix + ".source-assignments";
    }

    /** The consumer group of all hub instances on {@link #sourceAssignments()}. */
    public String hubGroup() {
        return prefix + ".hub";
    }

    /** Delivery receipts: which record reached which subscription, when, with what outcome. */
    public String deliveries() {
        return prefix + ".deliveries";
    }

    /** Compacted: records a subscriber refused for good, per subscription, until replayed (then a tombstone). */
    public String deadLetters() {
        return prefix + ".dead-letters";
    }

    /** The consumer group of a subscription; each subscription is its own group. */
    public String subscriptionGroup(String subscriptionName) {
        return prefix + ".subscription." + subscriptionName;
    }

    /** The transactional id of a source's producer; fences a zombie instance of the same source. */
    public String sourceTransactionalId(String sourceName) {
        return prefix + ".source." + sourceName;
    }
}
