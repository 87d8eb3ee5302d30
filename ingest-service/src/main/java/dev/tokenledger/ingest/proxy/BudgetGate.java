package dev.tokenledger.ingest.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.common.events.Attribution;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the budget-service before a call ({@code POST /v1/decisions}), with the caller's own
 * credential, for the call's attempt id, model, estimated input and largest output. The priced
 * usage of the same request id settles the hold the answer made.
 */
@ApplicationScoped
public class BudgetGate {

    /** The budget-service's answer: allow, warn or deny, why, and when to retry a deny. */
    public record Answer(String decision, String reason, Long retryAfterSeconds) {
        public boolean denies() {
            return "deny".equals(decision);
        }
    }

    /** The budget-service answered with something other than a decision (a 4xx/5xx), or not at all. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message) {
            super(message, null, false, false);
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    ProxyConfig config;

    @Inject
    ObjectMapper mapper;

    private HttpClient client;
    private java.net.URI budget;

    @PostConstruct
    void start() {
        budget = java.net.URI.create(config.budgetUrl());
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setConnectTimeout((int) config.connectTimeout().toMillis()),
                new PoolOptions().setHttp1MaxSize(64));
    }

    public Future<Answer> decide(String credential, String requestId, ProxyProvider provider, String model, Attribution attribution,
                                 long estimatedInputTokens, Long maxOutputTokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("provider", provider.id());
        body.put("model", model);
        body.put("attribution", attribution);
        body.put("estimated_input_tokens", estimatedInputTokens);
        if (maxOutputTokens != null) {
            body.put("max_output_tokens", maxOutputTokens);
        }
        byte[] json;
        try {
            json = mapper.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Future.failedFuture(e);
        }
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(budget.getHost())
                .setPort(budget.getPort() > 0 ? budget.getPort() : 80).setURI("/v1/decisions")
                .setTimeout(config.decisionTimeout().toMillis())
                .putHeader("Content-Type", "application/json").putHeader("Authorization", credential);
        return client.request(options)
                .compose(request -> request.send(Buffer.buffer(json)))
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() != 200) {
                        throw new Unavailable("the budget-service answered " + response.statusCode());
                    }
                    try {
                        JsonNode node = mapper.readTree(answer.getBytes());
                        return new Answer(node.path("decision").asText(), node.path("reason").asText(null),
                                node.hasNonNull("retry_after_seconds") ? node.get("retry_after_seconds").asLong() : null);
                    } catch (java.io.IOException e) {
                        throw new Unavailable("the budget-service's answer is not JSON");
                    }
                }));
    }
}
