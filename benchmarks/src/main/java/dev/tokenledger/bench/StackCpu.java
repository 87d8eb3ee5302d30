package dev.tokenledger.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used by each part of the local stack, read from Linux's /proc: user + system time of
 * every process, plus the children it has reaped (PostgreSQL's postmaster reaps its ended
 * backends). Taken before and after a run, the difference says what each part cost per event, which
 * is what decides the sustained rate when everything shares the same cores. On another OS it reads
 * nothing and the benchmark says so.
 */
final class StackCpu {

    /** The parts, in print order, each named by a fragment of its command line. */
    private static final List<Map.Entry<String, String>> PARTS = List.of(
            Map.entry("ingest", "ingest-service"), Map.entry("pricing", "pricing-service"), Map.entry("budget", "budget-service"),
            Map.entry("report", "report-service"), Map.entry("notifier", "notifier-service"), Map.entry("kafka", "kafka.Kafka"),
            Map.entry("postgres", "postgres"), Map.entry("keycloak", "keycloak"));

    private static final long TICKS_PER_SECOND = 100;

    /** Every CPU's busy time from /proc/stat: the parts, plus the kernel's own work (loopback networking, writeback) and anything else. */
    private static final String MACHINE = "whole machine";

    private StackCpu() {
    }

    /** CPU ticks per part now (empty where /proc cannot be read). */
    static Map<String, Long> sample() {
        Map<String, Long> ticks = new LinkedHashMap<>();
        PARTS.forEach(p -> ticks.put(p.getKey(), 0L));
        ticks.put("this benchmark", 0L);
        ticks.put(MACHINE, machineBusy());
        long self = ProcessHandle.current().pid();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                String part = partOf(p, self);
                if (part != null) {
                    ticks.merge(part, ticksOf(p), Long::sum);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return Map.of();
        }
        return ticks;
    }

    private static String partOf(Path proc, long self) {
        if (Long.parseLong(proc.getFileName().toString()) == self) {
            return "this benchmark";
        }
        try {
            String cmd = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
            if (cmd.startsWith("postgres") || cmd.contains("/bin/postgres ")) { // backends, and the postmaster that reaps them
                return "postgres";
            }
            for (Map.Entry<String, String> p : PARTS) {
                if (!p.getKey().equals("postgres") && cmd.contains(p.getValue())) {
                    return p.getKey();
                }
            }
            return null;
        } catch (IOException e) {
            return null; // the process ended meanwhile
        }
    }

    /** user + nice + system + irq + softirq + steal of the {@code cpu} line of /proc/stat. */
    private static long machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6]) + Long.parseLong(f[7])
                    + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime + cutime + cstime: fields 14–17 of /proc/PID/stat, counted after the command name's closing parenthesis. */
    private static long ticksOf(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Prints CPU seconds and microseconds per event for each part between two samples, then the whole machine's. */
    static void print(Map<String, Long> before, Map<String, Long> after, long events, double wallSeconds) {
        if (before.isEmpty() || after.isEmpty()) {
            System.out.println("CPU per part: not available (no /proc)");
            return;
        }
        StringBuilder line = new StringBuilder("CPU per event (µs; CPU seconds over the run):");
        long parts = 0;
        for (String part : after.keySet()) {
            if (part.equals(MACHINE)) {
                continue;
            }
            long used = Math.max(0, after.get(part) - before.getOrDefault(part, 0L));
            parts += used;
            line.append(String.format(" %s %.0f (%.1f s);", part, perEvent(used, events), seconds(used)));
        }
        long machine = after.get(MACHINE) - before.get(MACHINE);
        line.append(String.format(" parts together %.0f µs/event; whole machine %.0f µs/event, %.2f of %d cores busy over %.1f s",
                perEvent(parts, events), perEvent(machine, events), seconds(machine) / wallSeconds, Runtime.getRuntime().availableProcessors(),
                wallSeconds));
        System.out.println(line);
    }

    private static double perEvent(long ticks, long events) {
        return ticks * 1e6 / TICKS_PER_SECOND / events;
    }

    private static double seconds(long ticks) {
        return (double) ticks / TICKS_PER_SECOND;
    }
}
