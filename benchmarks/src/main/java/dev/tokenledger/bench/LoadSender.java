package dev.tokenledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Sends every batch until it is acknowledged, with several senders; counts what the service answered. */
final class LoadSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    final AtomicLong batches = new AtomicLong();
    final AtomicLong resent = new AtomicLong();
    final AtomicLong accepted202 = new AtomicLong();
    final AtomicLong unavailable503 = new AtomicLong();
    final AtomicLong other = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong duplicatesReported = new AtomicLong();
    final AtomicLong eventsAcknowledged = new AtomicLong();
    private final HttpClient http;
    private final String ingest;
    private final int batch;
    private final int concurrency;
    private final Path progress;
    private final double rate;
    private final AtomicLong nextSlot = new AtomicLong();

    LoadSender(HttpClient http, String ingest, int batch, int concurrency, Path progress, double rate) {
        this.http = http;
        this.ingest = ingest;
        this.batch = batch;
        this.concurrency = concurrency;
        this.progress = progress;
        this.rate = rate;
    }

    /** With {@code --rate}, spreads the batches so that the run lasts (the fault script needs time to work). */
    private void pace(int events) throws InterruptedException {
        if (rate <= 0) {
            return;
        }
        long slot = nextSlot.getAndAdd((long) (events * 1e9 / rate));
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    void send(SyntheticEvents synthetic, List<LoadGenerator.Tenant> ts, int events) throws Exception {
        ConcurrentLinkedQueue<int[]> queue = new ConcurrentLinkedQueue<>();
        int tenants = ts.size();
        // batches of one tenant's events, tenants interleaved
        for (int from = 0; from < events; from += batch * tenants) {
            for (int t = 0; t < tenants; t++) {
                List<Integer> idx = new ArrayList<>();
                for (int i = from + t; i < Math.min(events, from + batch * tenants); i += tenants) {
                    idx.add(i);
                }
                if (!idx.isEmpty()) {
                    queue.add(idx.stream().mapToInt(Integer::intValue).toArray());
                }
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        nextSlot.set(System.nanoTime());
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                int[] next;
                while ((next = queue.poll()) != null) {
                    LoadGenerator.Tenant tenant = ts.get(next[0] % tenants);
                    String body = synthetic.batchJson(next);
                    pace(next.length);
                    deliver(tenant, body, next.length);
                    batches.incrementAndGet();
                    if (synthetic.resendBatch(next[0])) {
                        resent.incrementAndGet();
                        deliver(tenant, body, 0);
                    }
                }
                return null;
            }));
        }
        Thread reporter = new Thread(() -> {
            long last = -1;
            while (!Thread.currentThread().isInterrupted()) {
                long done = eventsAcknowledged.get();
                try {
                    if (progress != null) {
                        Files.writeString(progress, Long.toString(done));
                    }
                    if (done != last) {
                        System.out.printf("  %,d events acknowledged (503 × %,d, no answer × %,d)%n", done, unavailable503.get(), failed.get());
                        last = done;
                    }
                    Thread.sleep(10_000);
                } catch (InterruptedException e) {
                    return;
                } catch (java.io.IOException e) {
                    // the progress file is a convenience for the fault script
                }
            }
        });
        reporter.setDaemon(true);
        reporter.start();
        for (Future<?> f : workers) {
            f.get();
        }
        pool.shutdown();
        reporter.interrupt();
        if (progress != null) {
            Files.writeString(progress, "done");
        }
    }

    /** Posts until 202; {@code counted} events are added to the acknowledged count then. */
    private void deliver(LoadGenerator.Tenant tenant, String body, int counted) throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/usage-events"))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + tenant.apiKey())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 202) {
                    accepted202.incrementAndGet();
                    eventsAcknowledged.addAndGet(counted);
                    duplicatesReported.addAndGet(JSON.readTree(r.body()).path("duplicates").asLong());
                    return;
                }
                if (r.statusCode() == 503) {
                    unavailable503.incrementAndGet();
                } else {
                    other.incrementAndGet();
                    if (r.statusCode() == 400 || r.statusCode() == 403) {
                        throw new IllegalStateException("ingest refused a generated batch: " + r.statusCode() + " " + r.body());
                    }
                }
            } catch (java.io.IOException e) {
                failed.incrementAndGet();
            }
            Thread.sleep(backoff);
            backoff = Math.min(2000, backoff * 2);
        }
    }
}
