package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.common.events.Usage;
import dev.tokenledger.common.events.UsageRecorded;
import dev.tokenledger.common.json.Json;
import dev.tokenledger.ingest.provider.WireFormats;
import dev.tokenledger.testinfra.InjectTestInfra;
import dev.tokenledger.testinfra.TestInfra;
import dev.tokenledger.testinfra.TokenledgerInfra;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(TokenledgerInfra.class)
class ProviderUsageAndCloudEventsIngestTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @InjectTestInfra
    TestInfra infra;

    private Map<String, UsageRecorded> readUsageRaw(String marker, int count) {
        List<ConsumerRecord<String, String>> records = infra.kafka().read(infra.topic("usage.raw"), count, Duration.ofSeconds(30),
                r -> r.value().contains(marker));
        return records.stream().map(r -> Json.read(r.value(), UsageRecorded.class))
                .collect(Collectors.toMap(UsageRecorded::eventId, Function.identity(), (a, b) -> a));
    }

    @Test
    void everyWireFormatIngestedAsProviderUsageYieldsTheDocumentedBuckets() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ArrayNode batch = JSON.createArrayNode();
        for (String file : WireFormats.FILES) {
            ObjectNode e = batch.addObject();
            e.put("event_id", run + ":" + file);
            e.put("provider", WireFormats.providerOf(file));
            e.set("provider_usage", WireFormats.read(file));
        }
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON).body(batch.toString())
                .when().post("/v1/usage-events")
                .then().statusCode(202).body("accepted", equalTo(WireFormats.FILES.size()));

        Map<String, UsageRecorded> events = readUsageRaw(run, WireFormats.FILES.size());
        assertEquals(WireFormats.FILES.size(), events.size());
        assertEquals(new Usage(230, 1920, 0, 0, 900, 640, Map.of()), events.get(run + ":openai-chat-completion-usage.json").usage());
        assertEquals(new Usage(176, 1024, 0, 0, 2, 0, Map.of()), events.get(run + ":openai-chat-completion-stream-usage.json").usage());
        assertEquals(new Usage(904, 4096, 0, 0, 1500, 1024, Map.of()), events.get(run + ":openai-responses-usage.json").usage());
        assertEquals(new Usage(50, 10000, 2000, 1000, 400, 0, Map.of("web_search_calls", BigDecimal.valueOf(2))),
                events.get(run + ":anthropic-message-usage.json").usage());
        UsageRecorded stream = events.get(run + ":anthropic-stream-events.json");
        assertEquals(new Usage(25, 4000, 0, 0, 87, 0, Map.of()), stream.usage());
        assertEquals("claude-haiku-4-5-20251001", stream.model(), "the model comes from the provider's body");
        UsageRecorded openrouter = events.get(run + ":openrouter-chat-completion-usage.json");
        assertEquals(new Usage(500, 10000, 1500, 0, 300, 0, Map.of()), openrouter.usage());
        assertEquals("0.014625000000", openrouter.reportedCost().cost().amount().toPlainString());
        assertEquals("openrouter", openrouter.reportedCost().source());
    }

    @Test
    void cloudEventsAreAcceptedSingleAndBatch() {
        String id = "ce-" + UUID.randomUUID();
        String ce = """
                {"specversion":"1.0","id":"%s","source":"gateway-1","type":"llm.usage","subject":"cust-42","time":"2026-11-25T09:00:00Z",
                 "datacontenttype":"application/json","data":{"provider":"openai","model":"gpt-4o-mini","usage":{"input_tokens":900,"output_tokens":120}}}"""
                .formatted(id);
        String token = infra.tokens().serviceAccount("globex");
        given().auth().oauth2(token).contentType("application/cloudevents+json").body(ce)
                .when().post("/v1/usage-events")
                .then().statusCode(202).body("events[0].event_id", equalTo(id));
        given().auth().oauth2(token).contentType("application/cloudevents-batch+json").body("[" + ce.replace(id, id + "-b") + "]")
                .when().post("/v1/usage-events")
                .then().statusCode(202).body("events[0].event_id", equalTo(id + "-b"));

        UsageRecorded e = readUsageRaw(id, 2).get(id);
        assertEquals(Instant.parse("2026-11-25T09:00:00Z"), e.occurredAt(), "the CloudEvent time is the occurrence time");
        assertEquals("cust-42", e.attribution().customer(), "the subject is the customer");
        assertEquals("globex", e.tenantId());

        given().auth().oauth2(token).contentType("application/cloudevents+json")
                .body("{\"specversion\":\"0.3\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"provider\":\"openai\",\"usage\":{\"input_tokens\":-1}}}")
                .when().post("/v1/usage-events")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.pointer", hasItem("/0/specversion"));
        given().auth().oauth2(token).contentType("application/cloudevents+json")
                .body("{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\",\"data\":{\"provider\":\"openai\",\"usage\":{\"input_tokens\":-1}}}")
                .when().post("/v1/usage-events")
                .then().statusCode(400).body("errors.pointer", hasItems("/0/data/usage/input_tokens", "/0/data/model"));
    }

    @Test
    void aCloudEventInBinaryModeIsTheSameEventAsItsStructuredForm() {
        String id = "ce-bin-" + UUID.randomUUID();
        String data = "{\"provider\":\"openai\",\"model\":\"gpt-4o-mini\",\"usage\":{\"input_tokens\":900,\"output_tokens\":120}}";
        String token = infra.tokens().serviceAccount("globex");
        given().auth().oauth2(token).contentType("application/json").header("ce-specversion", "1.0").header("ce-id", id)
                .header("ce-source", "gateway-1").header("ce-type", "llm.usage").header("ce-subject", "cust-42")
                .header("ce-time", "2026-11-25T09:00:00Z").body(data)
                .when().post("/v1/usage-events")
                .then().statusCode(202).body("events[0].event_id", equalTo(id));
        given().auth().oauth2(token).contentType("application/cloudevents+json").body("""
                {"specversion":"1.0","id":"%s-structured","source":"gateway-1","type":"llm.usage","subject":"cust-42","time":"2026-11-25T09:00:00Z",
                 "datacontenttype":"application/json","data":%s}""".formatted(id, data))
                .when().post("/v1/usage-events").then().statusCode(202);
        Map<String, UsageRecorded> seen = readUsageRaw(id, 2);
        UsageRecorded binary = seen.get(id);
        UsageRecorded structured = seen.get(id + "-structured");
        assertEquals(Instant.parse("2026-11-25T09:00:00Z"), binary.occurredAt());
        assertEquals("cust-42", binary.attribution().customer());
        assertEquals(structured.usage(), binary.usage());
        assertEquals(structured.attribution(), binary.attribution());
        assertEquals(structured.occurredAt(), binary.occurredAt());
        assertEquals(structured.model(), binary.model());

        given().auth().oauth2(token).contentType("application/json").header("ce-specversion", "1.0").header("ce-source", "gateway-1")
                .body(data).when().post("/v1/usage-events")
                .then().statusCode(400).contentType(containsString("application/problem+json"))
                .body("errors.pointer", hasItems("ce-id", "ce-type"));
        given().auth().oauth2(token).contentType("application/json").header("ce-specversion", "1.0").header("ce-id", "x")
                .header("ce-source", "s").header("ce-type", "t").body("[1]").when().post("/v1/usage-events")
                .then().statusCode(400).body("errors.pointer", hasItem("/0"));
    }

    @Test
    void attributionHeadersFillWhatTheBodyLeavesOpen() {
        String id = "hdr-" + UUID.randomUUID();
        given().auth().oauth2(infra.tokens().serviceAccount("acme")).contentType(ContentType.JSON)
                .header("X-Tokenledger-Project", "header-project")
                .header("X-Tokenledger-Customer", "header-customer")
                .header("X-Tokenledger-Session", "sess-9")
                .body("{\"event_id\":\"" + id + "\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"attribution\":{\"project\":\"body-project\"}}")
                .when().post("/v1/usage-events").then().statusCode(202);
        UsageRecorded e = readUsageRaw(id, 1).get(id);
        assertEquals("body-project", e.attribution().project(), "the body wins");
        assertEquals("header-customer", e.attribution().customer());
        assertEquals("sess-9", e.attribution().session());
    }

    @Test
    void aTokenForOneTenantCannotWriteForAnotherByAnyFieldOrHeader() {
        String token = infra.tokens().serviceAccount("acme");
        // a tenant in the body is an unknown field: refused, nothing written
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"tenant_id\":\"globex\",\"provider\":\"openai\",\"model\":\"gpt-4o\"}")
                .when().post("/v1/usage-events")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/0/tenant_id"))
                .body("errors[0].message", containsString("unknown field"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body("{\"provider\":\"openai\",\"model\":\"gpt-4o\",\"attribution\":{\"tenant\":\"globex\"}}")
                .when().post("/v1/usage-events")
                .then().statusCode(400).body("errors[0].pointer", equalTo("/0/attribution/tenant"));
        // naming another tenant in the act-as header is for platform admins only: refused
        given().auth().oauth2(token).contentType(ContentType.JSON).header("X-Tokenledger-Tenant", "globex")
                .body("{\"provider\":\"openai\",\"model\":\"gpt-4o\"}")
                .when().post("/v1/usage-events").then().statusCode(403);
        // other headers and CloudEvent extensions cannot choose the tenant either
        String id = "spoof-" + UUID.randomUUID();
        given().auth().oauth2(token).contentType("application/cloudevents+json")
                .header("X-Tenant-Id", "globex")
                .body("{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"s\",\"type\":\"t\",\"tenant\":\"globex\",\"tenantid\":\"globex\","
                        + "\"data\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"}}")
                .when().post("/v1/usage-events").then().statusCode(202);
        UsageRecorded e = readUsageRaw(id, 1).get(id);
        assertEquals("acme", e.tenantId());
        assertTrue(infra.kafka().read(infra.topic("usage.raw"), 1, Duration.ofSeconds(2),
                r -> r.value().contains(id) && !"acme".equals(r.key())).isEmpty(), "every copy is keyed by the token's tenant");
    }

    @Test
    void sameBatchSentTwiceEndsWithOneCopyOfEachEvent() {
        String run = "twice-" + UUID.randomUUID();
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i < 50; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"event_id\":\"").append(run).append('-').append(i)
                    .append("\",\"provider\":\"openai\",\"model\":\"gpt-4o\",\"usage\":{\"input_tokens\":").append(i).append("}}");
        }
        batch.append(']');
        String token = infra.tokens().serviceAccount("acme");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(batch.toString())
                .when().post("/v1/usage-events").then().statusCode(202).body("accepted", equalTo(50)).body("duplicates", equalTo(0));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(batch.toString())
                .when().post("/v1/usage-events").then().statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(50));
        List<ConsumerRecord<String, String>> copies = infra.kafka().read(infra.topic("usage.raw"), 100, Duration.ofSeconds(5),
                r -> r.value().contains(run));
        assertEquals(50, copies.size(), "one copy of each event on usage.raw");
        String metrics = given().port(dev.tokenledger.testinfra.ManagementPort.get()).when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("tokenledger_ingest_events_total")
                && l.contains("outcome=\"duplicate\"") && l.contains("tenant=\"acme\"")), "duplicates are counted per tenant");
        assertTrue(metrics.contains("tokenledger_ingest_publish_seconds"), "publish latency is measured");
    }

    @Test
    void oversizedAndMalformedBodiesAreRefusedClearly() {
        String token = infra.tokens().serviceAccount("acme");
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"provider\": ")
                .when().post("/v1/usage-events").then().statusCode(400).contentType(containsString("application/problem+json"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body("[]")
                .when().post("/v1/usage-events").then().statusCode(400).body("detail", containsString("1 field"));
        StringBuilder tooMany = new StringBuilder("[");
        for (int i = 0; i < 1001; i++) {
            tooMany.append(i == 0 ? "" : ",").append("{\"provider\":\"openai\",\"model\":\"m\"}");
        }
        given().auth().oauth2(token).contentType(ContentType.JSON).body(tooMany.append(']').toString())
                .when().post("/v1/usage-events").then().statusCode(400).body("errors[0].message", containsString("1001"));
        String huge = "{\"provider\":\"openai\",\"model\":\"" + "m".repeat(1_100_000) + "\"}";
        given().auth().oauth2(token).contentType(ContentType.JSON).body(huge)
                .when().post("/v1/usage-events").then().statusCode(413);
    }
}
