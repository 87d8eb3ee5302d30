package dev.tokenledger.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Senders in parallel for a fixed time, each sending request after request: how many items got
 * through, how many requests were refused, and every request's latency. JDK only (the ingest
 * benchmark runs from the bare classes directory).
 */
final class SustainedSenders {

    /** One request: sender {@code sender}'s {@code n}-th; the number of items it got through, or a negative number when refused. */
    interface Request {
        long send(int sender, long n) throws Exception;
    }

    record Result(long items, long refused, long[] latencies, double seconds) {
        double perSecond() {
            return items / seconds;
        }

        String latencyFigures() {
            return String.format("p50=%.1fms p99=%.1fms max=%.1fms", IngestBenchmark.percentile(latencies, 0.50) / 1e6,
                    IngestBenchmark.percentile(latencies, 0.99) / 1e6, latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
        }
    }

    private SustainedSenders() {
    }

    static Result run(int concurrency, int seconds, Request request) throws Exception {
        AtomicLong items = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<List<Long>>> senders = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < concurrency; s++) {
            int sender = s;
            senders.add(pool.submit(() -> {
                List<Long> latencies = new ArrayList<>();
                for (long n = 0; System.nanoTime() < deadline; n++) {
                    long t0 = System.nanoTime();
                    long through = request.send(sender, n);
                    latencies.add(System.nanoTime() - t0);
                    if (through < 0) {
                        refused.incrementAndGet();
                    } else {
                        items.addAndGet(through);
                    }
                }
                return latencies;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : senders) {
            all.addAll(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Result(items.get(), refused.get(), all.stream().mapToLong(Long::longValue).sorted().toArray(), elapsed);
    }
}
