package dev.tokenledger.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code cost export --output FILE}: every raw event of the period as CSV or NDJSON, streamed to the
 * file line by line (never the whole range in memory), with a running count on the terminal.
 */
@Command(name = "export", mixinStandardHelpOptions = true, description = {"Raw events of a period to a file, as CSV or NDJSON.",
        "Example: tokenledger cost export --period last_month --as ndjson --output november.ndjson"})
public final class ExportCommand implements Runnable {

    @Mixin
    Connection api;
    @Mixin
    ReportQuery query;

    @Option(names = "--as", defaultValue = "csv", description = "csv or ndjson (default: ${DEFAULT-VALUE}).")
    String as;

    @Option(names = {"-o", "--output"}, required = true, description = "The file to write.")
    Path output;

    @Override
    public void run() {
        if (!as.equals("csv") && !as.equals("ndjson")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--as must be csv or ndjson");
        }
        boolean terminal = System.console() != null;
        long lines = 0;
        try (var body = api.stream("report", "/v1/exports/usage-events." + as + query.query(Map.of()));
             BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            for (String line; (line = in.readLine()) != null; ) {
                out.write(line);
                out.write('\n');
                lines++;
                if (terminal && lines % 10_000 == 0) {
                    System.err.print("\r" + progress(lines));
                }
            }
        } catch (java.io.IOException e) {
            throw new ApiException("export interrupted: " + e.getMessage());
        }
        long events = as.equals("csv") ? Math.max(0, lines - 1) : lines;
        if (terminal) {
            System.err.print("\r");
        }
        System.out.println(events + " events written to " + output);
    }

    private static String progress(long lines) {
        return String.format("%,d lines…", lines);
    }
}
