package dev.tokenledger.budget.decision;

import dev.tokenledger.common.money.DecimalBounds;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.problem.Problem;
import dev.tokenledger.common.problem.ProblemException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What a gateway asks before it calls a model: who (attribution), which model, the largest the
 * request can be (estimated input tokens, max output tokens) or an explicit estimated cost in USD,
 * and its request id — the priced event with the same request id settles the reservation.
 */
public record DecisionRequest(String requestId, String provider, String model, Attribution attribution, Long estimatedInputTokens,
                              Long maxOutputTokens, String estimatedCost, Long holdSeconds) {

    public record Valid(String requestId, String provider, String model, Attribution attribution, long inputTokens, long outputTokens,
                        BigDecimal estimatedCost, java.time.Duration hold) {

        /** The request with the attribution its caller's credential fixes ({@link dev.tokenledger.common.caller.Caller#attribution}). */
        public Valid as(dev.tokenledger.common.caller.Caller caller) {
            return new Valid(requestId, provider, model, caller.attribution(attribution, "/attribution"), inputTokens, outputTokens, estimatedCost, hold);
        }
    }

    public Valid validate() {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (requestId == null || requestId.isBlank() || requestId.length() > 128) {
            errors.add(new Problem.FieldError("/request_id", "is required (at most 128 characters)"));
        } else if (requestId.startsWith("lease:")) {
            errors.add(new Problem.FieldError("/request_id", "must not start with 'lease:' (the prefix of the service's own allowance holds)"));
        }
        if (provider == null || provider.isBlank()) {
            errors.add(new Problem.FieldError("/provider", "is required"));
        }
        if (model == null || model.isBlank()) {
            errors.add(new Problem.FieldError("/model", "is required"));
        }
        long in = estimatedInputTokens == null ? 0 : estimatedInputTokens;
        long out = maxOutputTokens == null ? 0 : maxOutputTokens;
        if (in < 0) {
            errors.add(new Problem.FieldError("/estimated_input_tokens", "must not be negative"));
        }
        if (out < 0) {
            errors.add(new Problem.FieldError("/max_output_tokens", "must not be negative"));
        }
        BigDecimal cost = null;
        if (estimatedCost != null) {
            try {
                cost = DecimalBounds.parse(estimatedCost);
                if (cost.signum() < 0) {
                    errors.add(new Problem.FieldError("/estimated_cost", "must not be negative"));
                }
            } catch (NumberFormatException e) {
                errors.add(new Problem.FieldError("/estimated_cost", DecimalBounds.message(e, "must be a decimal string in USD such as \"0.01\"")));
            }
        } else if (estimatedInputTokens == null && maxOutputTokens == null) {
            errors.add(new Problem.FieldError("/estimated_cost", "give estimated_cost, or estimated_input_tokens and max_output_tokens"));
        }
        if (holdSeconds != null && (holdSeconds < 1 || holdSeconds > 86_400)) {
            errors.add(new Problem.FieldError("/hold_seconds", "must be from 1 to 86400"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return new Valid(requestId, provider, model, attribution == null ? Attribution.none() : attribution, in, out, cost,
                holdSeconds == null ? null : java.time.Duration.ofSeconds(holdSeconds));
    }
}
