package io.onceonly.delivery;

import java.util.List;

/**
 * Records taken from Kafka, how many the subscription's filter left out, how to commit them all, and the share of
 * the delivery budget they were taken from (null when their consumer polls without one).
 */
public record DeliveryBatch(List<DeliveryRecord> records, int filtered, Runnable commit, DeliveryBudget.Account budget) {
    /** Every record the batch took from Kafka, the filtered ones included. */
    public int polled() {
        return records.size() + filtered;
    }

    /** Gives the batch's records back to the budget: it is committed, or it failed and will be polled again. */
    void releaseBudget(boolean failed) {
        if (budget != null) {
            if (failed) {
                budget.releaseAll();
            } else {
                budget.done(polled());
            }
        }
    }
}
