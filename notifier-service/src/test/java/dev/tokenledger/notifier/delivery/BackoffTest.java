package dev.tokenledger.notifier.delivery;

import dev.tokenledger.notifier.config.NotifierConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    @Test
    void exponentialCappedWithJitterBetweenHalfAndFull() {
        Dispatcher d = new Dispatcher();
        NotifierConfig.Delivery delivery = (NotifierConfig.Delivery) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{NotifierConfig.Delivery.class}, (p, m, a) -> switch (m.getName()) {
                    case "initialBackoff" -> Duration.ofSeconds(10);
                    case "maxBackoff" -> Duration.ofMinutes(15);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        d.config = (NotifierConfig) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{NotifierConfig.class},
                (p, m, a) -> delivery);
        for (int i = 0; i < 200; i++) {
            long first = d.backoff(1).toMillis();
            assertTrue(first >= 5_000 && first <= 10_000, "attempt 1: 5–10 s, was " + first);
            long fourth = d.backoff(4).toMillis();
            assertTrue(fourth >= 40_000 && fourth <= 80_000, "attempt 4: 40–80 s, was " + fourth);
            long late = d.backoff(40).toMillis();
            assertTrue(late >= 450_000 && late <= 900_000, "capped at 15 min, was " + late);
        }
    }
}
