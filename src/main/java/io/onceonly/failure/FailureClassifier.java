package io.onceonly.failure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

import io.onceonly.config.ConfigurationException;
import io.onceonly.delivery.PermanentDeliveryException;
import io.onceonly.delivery.SubscriberUnavailableException;
import io.onceonly.kafka.LostPositionException;
import io.onceonly.normalize.InvalidValueException;
import io.onceonly.registry.UnknownResourceException;
import io.onceonly.source.SourceReadException;

/**
 * The one place that decides what kind a failure is: sinks, sources, Kafka consumers and producers and the admin API
 * ask here, so the same exception means the same thing everywhere.
 */
public final class FailureClassifier {
    private FailureClassifier() {
    }

    /**
     * The kind of a failure, from the first exception in its cause chain whose type says it (the outermost wins, so a
     * hub exception that wraps a driver's keeps its own meaning). Only when no type in the chain says anything do
     * the broad ones decide (any other I/O error, a state that does not allow the call now); the rest is a bug.
     */
    public static FailureKind classify(Throwable failure) {
        FailureKind kind = firstInChain(failure, FailureClassifier::byType);
        if (kind == null) {
            kind = firstInChain(failure, FailureClassifier::byBroadType);
        }
        return kind == null ? FailureKind.BUG : kind;
    }

    /** Whether sending the same records again cannot succeed: the record is refused, the rest go on. */
    public static boolean isRefused(Throwable failure) {
        return classify(failure) == FailureKind.REFUSED;
    }

    /**
     * The kind of an HTTP answer other than 2xx to a request of the hub. 401 and 403 refuse the hub's credentials and
     * a 3xx is a redirect the hub does not follow (credentials go only where registered): both are fixed in the
     * resource. Any other 4xx refuses what was sent: at a sink that is the records; a source sends no records, so
     * there it means the request its configuration builds.
     */
    public static FailureKind ofHttpStatus(int status) {
        if (status == 408 || status == 429 || status >= 500) {
            return FailureKind.UNAVAILABLE;
        }
        if (status == 401 || status == 403 || status / 100 == 3) {
            return FailureKind.CONFIGURATION;
        }
        return status / 100 == 4 ? FailureKind.REFUSED : FailureKind.UNAVAILABLE;
    }

    /**
     * Whether a transactional producer that threw this must be closed and made again, rather than aborted and used
     * again. Fenced, out of sequence or not authorized it can do nothing more; after a timeout the outcome of its
     * commit is not known and it may only retry that commit (abort and begin throw), while a new producer with the
     * same transactional id makes the coordinator finish or abort it; an IllegalStateException means no further call
     * gets it out of the state it is in.
     */
    public static boolean producerMustBeReplaced(Throwable failure) {
        return failure instanceof ProducerFencedException || failure instanceof OutOfOrderSequenceException
                || failure instanceof AuthorizationException || failure instanceof org.apache.kafka.common.errors.TimeoutException
                || failure instanceof IllegalStateException;
    }

    private static FailureKind byType(Throwable t) {
        // The hub's own types first: each was thrown by code that knew what went wrong.
        if (t instanceof PermanentDeliveryException || t instanceof InvalidValueException || t instanceof UnknownResourceException) {
            return FailureKind.REFUSED;
        }
        if (t instanceof SubscriberUnavailableException || t instanceof SourceReadException) {
            return FailureKind.UNAVAILABLE;
        }
        // A lost position is not cured by waiting: an operator decides where the group goes on from.
        if (t instanceof ConfigurationException || t instanceof LostPositionException) {
            return FailureKind.CONFIGURATION;
        }
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return FailureKind.UNAVAILABLE;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null) {
            return SqlStates.kind(sql.getSQLState());
        }
        if (t instanceof KafkaException kafka) {
            return ofKafka(kafka);
        }
        // Timeouts, refused connections, unknown hosts (a DNS outage as often as a typo), broken connections.
        if (t instanceof HttpTimeoutException || t instanceof java.net.SocketException
                || t instanceof java.net.SocketTimeoutException || t instanceof java.net.UnknownHostException
                || t instanceof java.util.concurrent.TimeoutException || t instanceof InterruptedException) {
            return FailureKind.UNAVAILABLE;
        }
        return null;
    }

    private static FailureKind ofKafka(KafkaException e) {
        if (e instanceof RecordTooLargeException) {
            return FailureKind.REFUSED;
        }
        if (e instanceof AuthenticationException || e instanceof AuthorizationException || e instanceof InvalidTopicException
                || e instanceof InvalidOffsetException) {
            return FailureKind.CONFIGURATION;
        }
        // Fenced: another instance took over the transactional id, as in a handover; out of sequence: the broker
        // lost acknowledged writes. Either way a new producer publishes the batch again from the unchanged position.
        if (e instanceof RetriableException || e instanceof ProducerFencedException || e instanceof OutOfOrderSequenceException) {
            return FailureKind.UNAVAILABLE;
        }
        // A KafkaException that only wraps says nothing itself: its cause decides.
        return null;
    }

    private static FailureKind byBroadType(Throwable t) {
        // A state that does not allow the call now (a producer to be replaced, a subscription stopped on this
        // instance): tried again later, never a reason to refuse a record.
        if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof IllegalStateException) {
            return FailureKind.UNAVAILABLE;
        }
        return null;
    }

    private static FailureKind firstInChain(Throwable failure, Function<Throwable, FailureKind> kindOf) {
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            FailureKind kind = kindOf.apply(t);
            if (kind != null) {
                return kind;
            }
        }
        return null;
    }
}
