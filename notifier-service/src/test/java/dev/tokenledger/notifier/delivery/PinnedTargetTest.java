package dev.tokenledger.notifier.delivery;

import dev.tokenledger.common.events.BudgetEvent;
import dev.tokenledger.notifier.channel.TargetPolicy;
import dev.tokenledger.notifier.receivers.HttpReceiver;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.tokenledger.notifier.Fixtures.clearRoutes;
import static dev.tokenledger.notifier.Fixtures.publish;
import static dev.tokenledger.notifier.Fixtures.route;
import static dev.tokenledger.notifier.Fixtures.threshold;
import static dev.tokenledger.notifier.Fixtures.webhook;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * DNS rebinding: a webhook host that resolves to an allowed address when checked and to the cloud
 * metadata address right after. The delivery connects to the address that was checked, never to a
 * second lookup. ({@code hooks.rebinding.test} is played by the policy's resolver; the system's DNS
 * does not know it, so a delivery that looked it up again could not arrive.)
 */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class PinnedTargetTest {

    @InjectTestInfra
    TestInfra infra;

    @Inject
    TargetPolicy policy;

    @AfterEach
    void systemResolverAgain() {
        policy.useResolver(InetAddress::getAllByName);
        clearRoutes(infra);
    }

    @Test
    void aDeliveryGoesToTheAddressThatWasCheckedNotToASecondLookup() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        policy.useResolver(host -> {
            if (!host.equals("hooks.rebinding.test")) {
                return InetAddress.getAllByName(host);
            }
            // every odd lookup answers loopback (allowed in tests), every even one the metadata address
            return lookups.getAndIncrement() % 2 == 0
                    ? new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})}
                    : new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})};
        });
        try (HttpReceiver receiver = HttpReceiver.start()) {
            URI local = URI.create(receiver.url("/pinned"));
            String url = "http://hooks.rebinding.test:" + local.getPort() + "/pinned";
            long hook = webhook(infra, "rebinding hook", url);
            route(infra, List.of("threshold_crossed"), List.of(), List.of(hook), null);
            lookups.set(0); // the attempt's check is the next lookup: it answers loopback
            String id = "rebind-" + UUID.randomUUID();
            BudgetEvent e = threshold(id, "7", "rebinding budget", 80, "warning", "160.00", "200.00", null);
            publish(infra, e);
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted("/pinned").stream().anyMatch(r -> r.body().contains(id)));
            assertEquals(1, lookups.get(), "one lookup for the attempt: the connection used its answer");
            assertEquals("hooks.rebinding.test:" + local.getPort(),
                    receiver.accepted("/pinned").stream().filter(r -> r.body().contains(id)).findFirst().orElseThrow().headers().get("host"));
        }
    }
}
