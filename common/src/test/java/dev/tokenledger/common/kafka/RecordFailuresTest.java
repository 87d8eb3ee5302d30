package dev.tokenledger.common.kafka;

import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordFailuresTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static PgException sqlState(String state) {
        return new PgException("refused", "ERROR", state, "detail");
    }

    @Test
    void outagesAreToldFromRecordsByTheirKind() {
        assertTrue(RecordFailures.isOutage(new ConnectException("Connection refused")));
        assertTrue(RecordFailures.isOutage(new RuntimeException("wrapped", sqlState("08006"))), "connection failure");
        assertTrue(RecordFailures.isOutage(sqlState("40P01")), "deadlock");
        assertTrue(RecordFailures.isOutage(sqlState("57P01")), "admin shutdown");
        assertTrue(RecordFailures.isOutage(new org.apache.kafka.common.errors.TimeoutException("broker away")));
        assertFalse(RecordFailures.isOutage(sqlState("22003")), "numeric value out of range is the record's");
        assertFalse(RecordFailures.isOutage(sqlState("23502")), "a NOT NULL violation is the record's");
        assertFalse(RecordFailures.isOutage(new NullPointerException()));
    }

    @Test
    void anOutageIsRetriedUntilItEndsHoweverLongItLasts() {
        AtomicInteger attempts = new AtomicInteger();
        String done = RecordFailures.untilDoneOrPoison("test", () -> attempts.incrementAndGet() < 6
                ? Uni.createFrom().failure(new ConnectException("down")) : Uni.createFrom().item("done"),
                () -> Uni.createFrom().failure(new ConnectException("down"))).await().atMost(WAIT);
        assertEquals("done", done);
        assertEquals(6, attempts.get(), "more attempts than a record gets");
    }

    @Test
    void aRecordThatKeepsFailingWhileTheProbeAnswersIsPoisonAfterThreeAttempts() {
        AtomicInteger attempts = new AtomicInteger();
        PgException refused = sqlState("23502");
        RuntimeException e = assertThrows(RuntimeException.class, () -> RecordFailures.untilDoneOrPoison("test", () -> {
            attempts.incrementAndGet();
            return Uni.createFrom().failure(refused);
        }, () -> Uni.createFrom().item(1)).await().atMost(WAIT));
        assertInstanceOf(RecordFailures.Poison.class, e);
        assertEquals(refused, e.getCause(), "the record's own failure is kept");
        assertEquals(3, attempts.get());
    }

    @Test
    void aFailureNotKnownAsAnOutageIsRetriedWhileTheProbeFails() {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger probes = new AtomicInteger();
        // an unclassified failure while the database is away: the probe says so, and nothing is dead-lettered
        String done = RecordFailures.untilDoneOrPoison("test", () -> attempts.incrementAndGet() <= 4
                        ? Uni.createFrom().failure(new IllegalStateException("pool closed")) : Uni.createFrom().item("done"),
                () -> probes.incrementAndGet() == 1 ? Uni.createFrom().failure(new ConnectException("down")) : Uni.createFrom().item(1))
                .await().atMost(WAIT);
        assertEquals("done", done);
        assertEquals(5, attempts.get());
        assertEquals(1, probes.get());
    }
}
