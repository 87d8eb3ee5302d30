package dev.tokenledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * How a command prints: an aligned table for people (numbers right-aligned), or the exact values as
 * JSON (the API's own answer) or CSV (the table's columns, values unrounded).
 */
public final class Output {

    public enum Format { table, json, csv }

    @Option(names = "--format", description = "table, json or csv (default: ${DEFAULT-VALUE}).", defaultValue = "table")
    Format format;

    /** A column: its header, where its value is in a row, and whether it is a number (right-aligned). */
    public record Column(String header, String pointer, boolean number) {
        static Column text(String header, String pointer) {
            return new Column(header, pointer, false);
        }

        static Column number(String header, String pointer) {
            return new Column(header, pointer, true);
        }

        String of(JsonNode row) {
            JsonNode v = row.at(pointer);
            return v.isMissingNode() || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
        }
    }

    /** Prints {@code rows} (table and CSV) or {@code answer} (JSON). */
    void print(PrintStream out, JsonNode answer, Iterable<JsonNode> rows, List<Column> columns) {
        switch (format) {
            case json -> out.println(answer.toPrettyString());
            case csv -> {
                out.println(String.join(",", columns.stream().map(c -> csv(c.header())).toList()));
                for (JsonNode row : rows) {
                    out.println(String.join(",", columns.stream().map(c -> csv(c.of(row))).toList()));
                }
            }
            case table -> table(out, rows, columns);
        }
    }

    /** Name–value lines (a summary, a forecast), shown as two columns in a table or CSV. */
    static final class Pairs {
        private final List<JsonNode> rows = new ArrayList<>();

        Pairs add(String name, String value) {
            rows.add(Connection.json().createObjectNode().put("name", name).put("value", value));
            return this;
        }
    }

    void print(PrintStream out, JsonNode answer, Pairs pairs) {
        print(out, answer, pairs.rows, List.of(Column.text("name", "/name"), Column.number("value", "/value")));
    }

    static void table(PrintStream out, Iterable<JsonNode> rows, List<Column> columns) {
        List<String[]> cells = new ArrayList<>();
        cells.add(columns.stream().map(Column::header).toArray(String[]::new));
        for (JsonNode row : rows) {
            cells.add(columns.stream().map(c -> c.of(row)).toArray(String[]::new));
        }
        int[] width = new int[columns.size()];
        for (String[] r : cells) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                if (i > 0) {
                    line.append("  ");
                }
                String pad = " ".repeat(width[i] - r[i].length());
                line.append(columns.get(i).number() ? pad + r[i] : r[i] + (i == r.length - 1 ? "" : pad));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    static String csv(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
