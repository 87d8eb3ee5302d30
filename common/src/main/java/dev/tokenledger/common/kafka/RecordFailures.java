package dev.tokenledger.common.kafka;

import io.smallrye.mutiny.Uni;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Tells an outage from a poison record. An outage (the database or the broker cannot be reached, a
 * connection dropped, a deadlock, a serialization failure) is retried without limit: it is not the
 * record's fault, and the records behind it must wait rather than be skipped. Any other failure is
 * retried {@link #POISON_ATTEMPTS} times in all; if it still fails while the service's dependencies
 * answer a probe, the record itself is the cause ({@link Poison}), and it goes to its dead-letter topic.
 */
public final class RecordFailures {

    private static final Logger LOG = Logger.getLogger(RecordFailures.class);
    /** Attempts of one record before it counts as poison. */
    static final int POISON_ATTEMPTS = 3;
    /** SQLSTATE classes of failures that say nothing about the record: connection, resources, operator, system, transaction rollback. */
    private static final Set<String> TRANSIENT_SQLSTATE_CLASSES = Set.of("08", "53", "57", "58", "40");
    /** lock_not_available, idle_in_transaction_session_timeout, query_canceled */
    private static final Set<String> TRANSIENT_SQLSTATES = Set.of("55P03", "25P03", "57014");

    /** A record that fails on its own while everything it needs is up; carries the record's own failure. */
    public static final class Poison extends RuntimeException {
        public Poison(Throwable cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    private RecordFailures() {
    }

    public static boolean isOutage(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseException db) {
                String state = db.getSqlState();
                return state != null && (TRANSIENT_SQLSTATES.contains(state)
                        || state.length() >= 2 && TRANSIENT_SQLSTATE_CLASSES.contains(state.substring(0, 2)));
            }
            if (t instanceof ClosedConnectionException || t instanceof IOException && !(t instanceof com.fasterxml.jackson.core.JsonProcessingException)
                    || t instanceof TimeoutException || t instanceof org.apache.kafka.common.errors.RetriableException
                    || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code work} until it succeeds: outages without limit (with backoff), other failures
     * {@link #POISON_ATTEMPTS} times. Then, if {@code probe} succeeds, fails with {@link Poison};
     * if the probe fails too, the failure was an outage after all and the work is retried again.
     */
    public static <T> Uni<T> untilDoneOrPoison(String what, Supplier<Uni<? extends T>> work, Supplier<Uni<?>> probe) {
        return Uni.createFrom().deferred(work)
                .onFailure(RecordFailures::isOutage).invoke(e -> LOG.warnf("%s failed, retrying while it lasts: %s", what, e.toString()))
                .onFailure(RecordFailures::isOutage).retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .onFailure(e -> !(e instanceof Poison)).retry().withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).atMost(POISON_ATTEMPTS - 1)
                .onFailure(e -> !(e instanceof Poison)).recoverWithUni(e -> probe.get()
                        .onItemOrFailure().transformToUni((ok, probeFailure) -> {
                            if (probeFailure != null) {
                                LOG.warnf("%s failed (%s) and the probe failed too (%s): an outage, retrying", what, e.toString(), probeFailure.toString());
                                return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofSeconds(1))
                                        .chain(() -> untilDoneOrPoison(what, work, probe));
                            }
                            return Uni.createFrom().failure(new Poison(e));
                        }));
    }
}
