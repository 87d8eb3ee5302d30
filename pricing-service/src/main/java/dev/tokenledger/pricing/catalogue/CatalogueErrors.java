package dev.tokenledger.pricing.catalogue;

import dev.tokenledger.common.problem.ProblemException;

/** Turns what the catalogue refuses into problem documents: 404, 409 for history conflicts, 400 for bad entries. */
public final class CatalogueErrors {

    private CatalogueErrors() {
    }

    public static Throwable toProblem(Throwable e, String pointer) {
        if (e instanceof ProblemException) {
            return e;
        }
        if (e instanceof CatalogueService.NotFound nf) {
            return ProblemException.notFound(nf.getMessage().replaceFirst("^no ", ""));
        }
        if (e instanceof ImportPlanner.HistoryConflict c) {
            return ProblemException.conflict(c.getMessage());
        }
        if (e instanceof IllegalArgumentException || e instanceof NullPointerException) {
            return ProblemException.validation(pointer, e.getMessage());
        }
        return e;
    }
}
