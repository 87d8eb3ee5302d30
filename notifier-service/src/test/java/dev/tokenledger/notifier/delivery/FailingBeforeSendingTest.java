package dev.tokenledger.notifier.delivery;

import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.notifier.receivers.HttpReceiver;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.tokenledger.notifier.Fixtures.clearRoutes;
import static dev.tokenledger.notifier.Fixtures.deliveries;
import static dev.tokenledger.notifier.Fixtures.publish;
import static dev.tokenledger.notifier.Fixtures.route;
import static dev.tokenledger.notifier.Fixtures.threshold;
import static dev.tokenledger.notifier.Fixtures.webhook;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A delivery whose message cannot even be built is an attempt like any other: counted, retried with its error, never stuck. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class FailingBeforeSendingTest {

    @InjectTestInfra
    TestInfra infra;

    @AfterEach
    void noRoutesLeft() {
        clearRoutes(infra);
    }

    @Test
    void aMessageThatCannotBeBuiltCountsAsAFailedAttempt() throws Exception {
        try (HttpReceiver receiver = HttpReceiver.start()) {
            long hook = webhook(infra, "unsignable hook", receiver.url("/unsignable"));
            // a row the API can no longer write (a webhook without its signing secret): signing throws before anything is sent
            try (var c = infra.jdbc(); var st = c.prepareStatement("UPDATE notifier.channel SET secret = NULL WHERE id = ?")) {
                st.setLong(1, hook);
                assertTrue(st.executeUpdate() == 1);
            }
            route(infra, List.of("threshold_crossed"), List.of(), List.of(hook), null);
            String id = "unsignable-" + UUID.randomUUID();
            BudgetEvent e = threshold(id, "7", "unsignable budget", 80, "warning", "160.00", "200.00", null);
            publish(infra, e);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                JsonPath list = deliveries(infra, hook);
                List<Map<String, Object>> items = list.getList("items");
                return items.stream().anyMatch(d -> id.equals(d.get("event_id")) && ((Number) d.get("attempts")).intValue() >= 1
                        && d.get("last_error") != null && String.valueOf(d.get("last_error")).contains("NullPointerException"));
            });
            assertTrue(receiver.accepted("/unsignable").isEmpty(), "nothing was sent");
        }
    }
}
