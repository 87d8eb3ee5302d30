package dev.tokenledger.pricing.pricer;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OffTheEventLoopTest {

    @Test
    void patternMatchingRunsOnAWorkerThreadAndWhatFollowsOnTheCallersEventLoop() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            CompletableFuture<List<Object>> seen = new CompletableFuture<>();
            vertx.runOnContext(ignored -> {
                String caller = Thread.currentThread().getName();
                OffTheEventLoop.compute(() -> Context.isOnEventLoopThread())
                        .subscribe().with(onLoop -> seen.complete(List.of(caller, onLoop, Thread.currentThread().getName())),
                                seen::completeExceptionally);
            });
            List<Object> s = seen.get(10, TimeUnit.SECONDS);
            assertTrue(((String) s.get(0)).contains("eventloop"), "called from an event loop: " + s.get(0));
            assertFalse((Boolean) s.get(1), "the work ran on an event loop");
            assertEquals(s.get(0), s.get(2), "what follows continues on the caller's event loop");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
