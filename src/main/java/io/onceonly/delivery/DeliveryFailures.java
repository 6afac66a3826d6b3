package io.onceonly.delivery;

import io.onceonly.failure.FailureClassifier;

/**
 * What a subscription does with a failed write: a record refused for good (permanent: dead-letter it, deliver the
 * rest) or anything else, about the subscriber's system (retry the whole batch, never dead-letter good records), as
 * {@link FailureClassifier} decides.
 */
public final class DeliveryFailures {
    private DeliveryFailures() {
    }

    /** Whether the record itself is refused (dead-letter it); anything else is retried. The classifier decides. */
    public static boolean isPermanent(Throwable failure) {
        return FailureClassifier.isRefused(failure);
    }

    /** A reason fit for a dead letter: the failure's own message, without stack or nested noise. */
    public static String reason(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && !(root instanceof PermanentDeliveryException)) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 500 ? message.substring(0, 500) + "..." : message;
    }
}
