package dev.tokenledger.pricing.override;

import dev.tokenledger.common.events.Attribution;
import dev.tokenledger.common.events.Pricing;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsagePriced;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.common.money.Money;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A tenant's own discounts and prices, quotes and the model list, and re-pricing of unpriced events. */
@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class TenantPricesTest {

    @InjectTestInfra
    TestInfra infra;

    String token(String user) {
        return infra.tokens().user(user);
    }

    UsagePriced priceThroughTheStream(String tenant, String provider, String model, Instant at, Usage usage) {
        String id = "e-" + UUID.randomUUID();
        UsageRecorded e = new UsageRecorded(1, UsageRecorded.TYPE, tenant, id, at, at, provider, model, "chat", "success", null, null,
                "standard", usage, null, Attribution.none());
        infra.kafka().send(infra.topic("usage.raw"), tenant, Json.write(e));
        List<ConsumerRecord<String, String>> out = infra.kafka().read(infra.topic("usage.priced"), 1, Duration.ofSeconds(60),
                r -> r.value().contains("\"" + id + "\""));
        assertEquals(1, out.size());
        return Json.read(out.get(0).value(), UsagePriced.class);
    }

    @Test
    void aNegotiatedDiscountAppliesToThatTenantOnlyFromItsStart() {
        given().auth().oauth2(token("alice")).contentType(ContentType.JSON)
                .body("{\"provider\": \"anthropic\", \"percent\": \"12.5\", \"effective_from\": \"2026-06-01T00:00:00Z\", \"reason\": \"enterprise agreement\"}")
                .when().post("/v1/overrides/discounts").then().statusCode(200)
                .body("discounts[0].percent", equalTo("12.5")).body("version.author", equalTo("alice"));
        Usage u = Usage.tokens(100_000, 0);
        Instant at = Instant.parse("2026-08-01T00:00:00Z");
        // claude-sonnet-4-5 input is $3 per million: $0.30; acme pays 12.5 % less, globex the list price
        UsagePriced acme = priceThroughTheStream("acme", "anthropic", "claude-sonnet-4-5", at, u);
        assertEquals(Money.usd("0.2625"), acme.pricing().cost());
        assertEquals(Money.usd("0.0375"), acme.pricing().discount().amount());
        assertEquals(Money.usd("0.3"), priceThroughTheStream("globex", "anthropic", "claude-sonnet-4-5", at, u).pricing().cost());
        assertEquals(Money.usd("0.3"), priceThroughTheStream("acme", "anthropic", "claude-sonnet-4-5", Instant.parse("2026-05-01T00:00:00Z"), u)
                .pricing().cost(), "before the discount started");

        given().auth().oauth2(token("carol")).when().get("/v1/overrides").then().statusCode(200).body("discounts.size()", equalTo(0));
        given().auth().oauth2(token("bob")).when().get("/v1/overrides").then().statusCode(200).body("discounts.reason", hasItem("enterprise agreement"));
    }

    @Test
    void onlyTheTenantsAdminChangesItsOverrides() {
        String body = "{\"provider\": \"openai\", \"percent\": \"5\", \"reason\": \"x\"}";
        given().auth().oauth2(token("bob")).contentType(ContentType.JSON).body(body).when().post("/v1/overrides/discounts").then().statusCode(403);
        long id = given().auth().oauth2(token("alice")).contentType(ContentType.JSON).body(body).when().post("/v1/overrides/discounts")
                .then().statusCode(200).extract().jsonPath().getLong("discounts[0].id");
        given().auth().oauth2(token("carol")).when().delete("/v1/overrides/discounts/{id}", id).then().statusCode(404);
        given().auth().oauth2(token("alice")).when().delete("/v1/overrides/discounts/{id}?reason=ended", id).then().statusCode(200);
        given().auth().oauth2(token("alice")).contentType(ContentType.JSON)
                .body("{\"provider\": \"openai\", \"percent\": \"120\"}").when().post("/v1/overrides/discounts")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.pointer", hasItem("/percent")).body("errors.pointer", hasItem("/reason"));
    }

    @Test
    void quotesPriceHypotheticalUsageAndRefuseUnknownModels() {
        String quote = """
                {"provider": "openai", "model": "gpt-4o", "service_tier": "priority",
                 "usage": {"input_tokens": 1000000, "cache_read_tokens": 1000000, "output_tokens": 1000000}}""";
        // priority: $4.25 + $2.125 + $17 per million
        given().auth().oauth2(token("carol")).contentType(ContentType.JSON).body(quote).when().post("/v1/quotes")
                .then().statusCode(200).body("pricing.cost.amount", equalTo("23.375000000000")).body("pricing.tier", equalTo("priority"));
        given().auth().oauth2(token("carol")).contentType(ContentType.JSON).body(quote.replace("gpt-4o", "gpt-unknown-7")).when().post("/v1/quotes")
                .then().statusCode(422).contentType("application/problem+json").body("detail", containsString("gpt-unknown-7"));
        given().auth().oauth2(token("carol")).contentType(ContentType.JSON)
                .body("{\"provider\": \"openai\", \"model\": \"gpt-4o\", \"usage\": {\"input_tokens\": -5}}").when().post("/v1/quotes")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/usage/input_tokens"));
        given().auth().oauth2(token("carol")).when().get("/v1/models?q=claude-sonnet-4-5&provider=anthropic")
                .then().statusCode(200).body("items.model", hasItem("claude-sonnet-4-5"))
                .body("items.find { it.model == 'claude-sonnet-4-5' }.prices_per_million_tokens.output", equalTo("15"));
    }

    @Test
    void unpricedEventsAreRepricedByAnAuditedRunOnceAPriceExists() {
        Instant at = Instant.parse("2026-09-15T10:00:00Z");
        UsagePriced first = priceThroughTheStream("acme", "inhouse", "acme-llm-1", at, Usage.tokens(2_000_000, 1_000_000));
        assertEquals(Pricing.Status.UNPRICED, first.pricing().status());
        assertNull(first.pricing().cost());

        given().auth().oauth2(token("alice")).contentType(ContentType.JSON).body("""
                {"reason": "internal transfer price", "effective_from": "2026-09-01T00:00:00Z",
                 "entries": [{"provider": "inhouse", "model": "acme-llm-1", "prices_per_million_tokens": {"input": "0.4", "output": "1.6"}}]}""")
                .when().post("/v1/overrides/prices").then().statusCode(200).body("prices[0].model", equalTo("acme-llm-1"));
        given().auth().oauth2(token("bob")).contentType(ContentType.JSON).body("{\"reason\": \"x\"}")
                .when().post("/v1/repricing-runs").then().statusCode(403);
        var run = given().auth().oauth2(token("alice")).contentType(ContentType.JSON).body("{\"reason\": \"price for acme-llm-1 added\"}")
                .when().post("/v1/repricing-runs").then().statusCode(200).extract().jsonPath();
        assertEquals(1, run.getInt("repriced"));
        assertEquals("alice", run.getString("author"));

        List<ConsumerRecord<String, String>> out = infra.kafka().read(infra.topic("usage.priced"), 2, Duration.ofSeconds(30),
                r -> r.value().contains("\"" + first.eventId() + "\""));
        assertEquals(2, out.size(), "the unpriced original and one adjustment");
        Pricing adjusted = Json.read(out.get(1).value(), UsagePriced.class).pricing();
        assertEquals(2, adjusted.revision());
        // 2M × $0.40 + 1M × $1.60
        assertEquals(Money.usd("2.4"), adjusted.cost());
        assertEquals(String.valueOf(run.getLong("id")), adjusted.repricingRun());
        given().auth().oauth2(token("carol")).when().get("/v1/repricing-runs/{id}", run.getLong("id")).then().statusCode(404);
        // a second run finds nothing left to re-price
        given().auth().oauth2(token("alice")).contentType(ContentType.JSON).body("{\"reason\": \"again\"}")
                .when().post("/v1/repricing-runs").then().statusCode(200).body("repriced", equalTo(0));
    }
}
