package dev.tokenledger.ingest.proxy;

import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.ingest.usage.UsageEventRequest;
import dev.tokenledger.ingest.usage.UsageEventService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the proxy's calls in batches, off the calls' path: every few milliseconds one statement for
 * the starts of calls still running, one for the calls that ended (a call that ended before its
 * start was written is written once, ended), their events onto usage.raw per tenant, and one
 * statement marking them published. At a thousand calls a second that is a handful of statements
 * instead of thousands. What cannot be written or published now is left to {@link ProxyRecorder#sweep()}.
 */
@ApplicationScoped
public class ProxyCallWriter {

    private static final Logger LOG = Logger.getLogger(ProxyCallWriter.class);
    private static final long FLUSH_EVERY_MS = 5;
    private static final int MAX_BATCH = 1000;

    @Inject
    Vertx vertx;

    @Inject
    ProxyCallLog log;

    @Inject
    UsageEventService usageEvents;

    private final Map<ProxyCall, JsonObject> unwritten = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<ProxyCallLog.Finished> finished = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    void started(ProxyCall call, JsonObject startedEvent) {
        unwritten.put(call, startedEvent);
        schedule();
    }

    void finished(ProxyCallLog.Finished call) {
        finished.add(call);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            vertx.setTimer(FLUSH_EVERY_MS, id -> flush());
        }
    }

    private void flush() {
        List<ProxyCallLog.Finished> done = new ArrayList<>();
        for (ProxyCallLog.Finished f; done.size() < MAX_BATCH && (f = finished.poll()) != null; ) {
            unwritten.remove(f.call());
            done.add(f);
        }
        List<Map.Entry<ProxyCall, JsonObject>> starts = new ArrayList<>();
        for (var e : unwritten.entrySet()) {
            if (starts.size() == MAX_BATCH) {
                break;
            }
            starts.add(Map.entry(e.getKey(), e.getValue()));
        }
        starts.forEach(e -> unwritten.remove(e.getKey()));
        log.startedAll(starts)
                .chain(() -> log.finishedAll(done))
                .chain(() -> publish(done))
                .subscribe().with(v -> next(), e -> {
                    LOG.warnf("%d proxy call(s) are not recorded yet (the sweep retries): %s", done.size() + starts.size(), e.toString());
                    next();
                });
    }

    private void next() {
        scheduled.set(false);
        if (!finished.isEmpty() || !unwritten.isEmpty()) {
            schedule();
        }
    }

    /** The events on usage.raw, a batch per tenant; a batch refused as invalid is sent event by event, so one bad event stays alone. */
    private Uni<Void> publish(List<ProxyCallLog.Finished> done) {
        Map<String, List<ProxyCallLog.Finished>> byTenant = new LinkedHashMap<>();
        done.forEach(f -> byTenant.computeIfAbsent(f.call().tenant, t -> new ArrayList<>()).add(f));
        List<ProxyCallLog.Key> published = new ArrayList<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (var tenant : byTenant.entrySet()) {
            List<ProxyCallLog.Finished> calls = tenant.getValue();
            chain = chain.chain(() -> usageEvents.ingest(tenant.getKey(), calls.stream().map(ProxyCallLog.Finished::event).toList())
                    .invoke(r -> calls.forEach(f -> published.add(key(f))))
                    .replaceWithVoid()
                    .onFailure(e -> e instanceof ProblemException p && p.problem().status() == 400 && calls.size() > 1)
                    .recoverWithUni(e -> oneByOne(tenant.getKey(), calls, published))
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("%d proxy call event(s) of tenant %s are not on usage.raw yet (the sweep retries): %s", calls.size(),
                                tenant.getKey(), e.toString());
                        return null;
                    }));
        }
        return chain.chain(() -> log.publishedAll(published));
    }

    private Uni<Void> oneByOne(String tenant, List<ProxyCallLog.Finished> calls, List<ProxyCallLog.Key> published) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ProxyCallLog.Finished f : calls) {
            UsageEventRequest event = f.event();
            chain = chain.chain(() -> usageEvents.ingest(tenant, List.of(event)).invoke(r -> published.add(key(f))).replaceWithVoid()
                    .onFailure().recoverWithItem(e -> {
                        LOG.warnf("the event of proxy call %s of tenant %s is refused: %s", f.call().attemptId(), tenant, e.toString());
                        return null;
                    }));
        }
        return chain;
    }

    private static ProxyCallLog.Key key(ProxyCallLog.Finished f) {
        return new ProxyCallLog.Key(f.call().tenant, f.call().requestId, f.call().attempt);
    }
}
