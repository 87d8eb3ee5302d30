package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;
import dev.tokenledger.pricing.price.PriceEntry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Reads hand-written entries of an edit request whole: every bad entry is named, nothing is written if any is bad. */
public final class EntryEdits {

    private EntryEdits() {
    }

    public static Instant from(CatalogueResource.EntriesEdit edit) {
        return edit.effectiveFrom() != null ? edit.effectiveFrom() : Instant.now();
    }

    public static List<PriceEntry> read(CatalogueResource.EntriesEdit edit, String scope, String source) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (edit == null) {
            throw ProblemException.validation("", "a body with reason and entries is required");
        }
        if (edit.reason() == null || edit.reason().isBlank()) {
            errors.add(new Problem.FieldError("/reason", "is required: every catalogue change says why"));
        }
        if (edit.entries() == null || edit.entries().isEmpty()) {
            errors.add(new Problem.FieldError("/entries", "needs at least one entry"));
        }
        List<PriceEntry> out = new ArrayList<>();
        Instant from = from(edit);
        for (int i = 0; edit.entries() != null && i < edit.entries().size(); i++) {
            try {
                out.add(EntryJson.fromJson(edit.entries().get(i), scope, source, from));
            } catch (RuntimeException e) {
                errors.add(new Problem.FieldError("/entries/" + i, e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return out;
    }
}
