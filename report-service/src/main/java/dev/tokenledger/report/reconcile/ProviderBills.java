package dev.tokenledger.report.reconcile;

import dev.tokenledger.common.money.Money;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;

import java.math.BigDecimal;
import dev.tokenledger.common.text.OneLine;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A provider's daily cost report, as imported: one line per day and model. Read from CSV (a header
 * naming date, model, amount, and optionally provider and currency) or from JSON lines; validated
 * whole, every bad line named, before anything is stored.
 */
public final class ProviderBills {

    public static final int MAX_LINES = 100_000;

    public record Line(LocalDate day, String provider, String model, BigDecimal amount, String currency) {
    }

    /** JSON body of an import: the provider (unless each line names it) and the lines. */
    public record Import(String provider, List<JsonLine> lines) {
    }

    public record JsonLine(String date, String provider, String model, String amount, String currency) {
    }

    private ProviderBills() {
    }

    public static List<Line> fromJson(Import body) {
        if (body == null || body.lines() == null || body.lines().isEmpty()) {
            throw ProblemException.validation("/lines", "give at least one line with date, model and amount");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Line> out = new ArrayList<>();
        for (int i = 0; i < body.lines().size(); i++) {
            JsonLine l = body.lines().get(i);
            String at = "/lines/" + i;
            if (l == null) {
                errors.add(new Problem.FieldError(at, "must be an object"));
                continue;
            }
            Line line = line(at, l.date(), l.provider() != null ? l.provider() : body.provider(), l.model(), l.amount(), l.currency(), errors,
                    "/date", "/provider", "/model", "/amount", "/currency");
            if (line != null) {
                out.add(line);
            }
        }
        return checked(out, errors);
    }

    public static List<Line> fromCsv(String text, String defaultProvider) {
        List<String> rows = text == null ? List.of() : text.lines().filter(l -> !l.isBlank()).toList();
        if (rows.size() < 2) {
            throw ProblemException.validation("/", "a header line (date,model,amount[,provider][,currency]) and at least one line are required");
        }
        List<String> header = List.of(rows.get(0).toLowerCase(Locale.ROOT).replace("\"", "").split(",", -1)).stream().map(String::trim).toList();
        int date = header.indexOf("date");
        int model = header.indexOf("model");
        int amount = header.indexOf("amount");
        int provider = header.indexOf("provider");
        int currency = header.indexOf("currency");
        if (date < 0 || model < 0 || amount < 0) {
            throw ProblemException.validation("/header", "must name the columns date, model and amount (provider and currency optional)");
        }
        List<Problem.FieldError> errors = new ArrayList<>();
        List<Line> out = new ArrayList<>();
        for (int i = 1; i < rows.size(); i++) {
            String[] cells = rows.get(i).split(",", -1);
            String at = "/lines/" + i;
            if (cells.length < header.size()) {
                errors.add(new Problem.FieldError(at, "has " + cells.length + " cells, the header names " + header.size()));
                continue;
            }
            Line line = line(at, cell(cells, date), provider >= 0 ? cell(cells, provider) : defaultProvider, cell(cells, model),
                    cell(cells, amount), currency >= 0 ? cell(cells, currency) : null, errors, "/date", "/provider", "/model", "/amount", "/currency");
            if (line != null) {
                out.add(line);
            }
        }
        return checked(out, errors);
    }

    private static Line line(String at, String date, String provider, String model, String amount, String currency,
                             List<Problem.FieldError> errors, String... fields) {
        int before = errors.size();
        LocalDate day = null;
        try {
            day = LocalDate.parse(date == null ? "" : date.trim());
            if (day.getYear() < 1 || day.getYear() > 9999) {
                // PostgreSQL stores years before 1 as BC dates its client cannot read back
                errors.add(new Problem.FieldError(at + fields[0], "must be a date between 0001-01-01 and 9999-12-31"));
                day = null;
            }
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(at + fields[0], "must be a date such as 2026-11-01"));
        }
        if (provider == null || provider.isBlank() || provider.length() > 100) {
            errors.add(new Problem.FieldError(at + fields[1], "is required (per line, as a column, or for the whole import)"));
        } else if (!OneLine.isOneLine(provider)) {
            errors.add(new Problem.FieldError(at + fields[1], OneLine.RULE));
        }
        if (model == null || model.isBlank() || model.length() > 200) {
            errors.add(new Problem.FieldError(at + fields[2], "is required (at most 200 characters)"));
        } else if (!OneLine.isOneLine(model)) {
            errors.add(new Problem.FieldError(at + fields[2], OneLine.RULE));
        }
        BigDecimal value = null;
        try {
            value = Money.parseDecimal(amount == null ? "" : amount.trim());
            if (value.abs().compareTo(new BigDecimal("1000000000")) > 0) {
                errors.add(new Problem.FieldError(at + fields[3], "is out of range"));
            }
        } catch (RuntimeException e) {
            errors.add(new Problem.FieldError(at + fields[3], "must be a decimal amount such as 12.34"));
        }
        String cur = currency == null || currency.isBlank() ? "USD" : currency.trim().toUpperCase(Locale.ROOT);
        if (!cur.equals("USD")) {
            errors.add(new Problem.FieldError(at + fields[4], "only USD reports can be reconciled (tracked cost is in USD)"));
        }
        return errors.size() > before ? null : new Line(day, provider.trim(), model.trim(), value, cur);
    }

    private static List<Line> checked(List<Line> lines, List<Problem.FieldError> errors) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (!seen.add(l.day() + "|" + l.provider() + "|" + l.model())) {
                errors.add(new Problem.FieldError("/lines", "day " + l.day() + " model " + l.provider() + "/" + l.model() + " appears twice"));
            }
        }
        if (lines.size() + errors.size() > MAX_LINES) {
            throw ProblemException.validation("/lines", "at most " + MAX_LINES + " lines per import");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors.size() > 50 ? errors.subList(0, 50) : errors);
        }
        return lines;
    }

    private static String cell(String[] cells, int at) {
        return cells[at].trim().replace("\"", "");
    }
}
