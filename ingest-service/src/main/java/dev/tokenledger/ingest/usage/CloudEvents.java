package dev.tokenledger.ingest.usage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.common.problem.Problem.FieldError;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CloudEvents 1.0 in structured JSON mode (OpenMeter-style clients), batch mode, or binary mode
 * ({@code ce-*} headers, the usage event as the body): the usage event is the CloudEvent's {@code data}. The CloudEvent's {@code id} is the event id and its {@code time} the
 * occurrence time unless {@code data} sets them; its {@code subject} is the customer unless
 * {@code data.attribution.customer} is set. Extension attributes are ignored — a {@code tenant}
 * extension, like any other field, cannot choose the tenant.
 */
final class CloudEvents {

    static final String STRUCTURED = "application/cloudevents+json";
    static final String BATCH = "application/cloudevents-batch+json";
    private static final Set<String> DATA_CONTENT_TYPES = Set.of("application/json", "text/json");

    private CloudEvents() {
    }

    /** The usage event inside one CloudEvent, or null with errors added under {@code /index}. */
    static ObjectNode unwrap(JsonNode ce, int index, List<FieldError> errors) {
        String at = "/" + index + "/";
        if (!ce.isObject()) {
            errors.add(new FieldError("/" + index, "a CloudEvent must be an object"));
            return null;
        }
        int before = errors.size();
        if (!"1.0".equals(text(ce, "specversion"))) {
            errors.add(new FieldError(at + "specversion", "must be \"1.0\""));
        }
        if (text(ce, "id") == null || text(ce, "id").isBlank()) {
            errors.add(new FieldError(at + "id", "is required"));
        }
        if (text(ce, "source") == null) {
            errors.add(new FieldError(at + "source", "is required"));
        }
        if (text(ce, "type") == null) {
            errors.add(new FieldError(at + "type", "is required"));
        }
        String dct = text(ce, "datacontenttype");
        if (dct != null && !DATA_CONTENT_TYPES.contains(dct)) {
            errors.add(new FieldError(at + "datacontenttype", "must be application/json"));
        }
        JsonNode data = ce.get("data");
        if (data == null || !data.isObject()) {
            errors.add(new FieldError(at + "data", "must be the usage event object"));
        }
        if (errors.size() > before) {
            return null;
        }
        ObjectNode event = ((ObjectNode) data).deepCopy();
        if (!event.hasNonNull("event_id")) {
            event.put("event_id", text(ce, "id"));
        }
        if (!event.hasNonNull("occurred_at") && text(ce, "time") != null) {
            event.put("occurred_at", text(ce, "time"));
        }
        String subject = text(ce, "subject");
        if (subject != null) {
            JsonNode attribution = event.get("attribution");
            if (attribution == null || attribution.isNull()) {
                event.putObject("attribution").put("customer", subject);
            } else if (attribution.isObject() && !attribution.hasNonNull("customer")) {
                ((ObjectNode) attribution).put("customer", subject);
            }
        }
        return event;
    }

    /** The {@code ce-*} headers of a CloudEvent in binary content mode. */
    record Binary(String specversion, String id, String source, String type, String time, String subject) {
    }

    /**
     * The usage event of a binary-mode CloudEvent, as its structured form would give it; errors name
     * the header ({@code ce-id}) or point into the body ({@code /0/...}, as for one plain event).
     */
    static ObjectNode unwrapBinary(Binary headers, JsonNode body, com.fasterxml.jackson.databind.ObjectMapper mapper, List<FieldError> errors) {
        ObjectNode ce = mapper.createObjectNode();
        put(ce, "specversion", headers.specversion());
        put(ce, "id", headers.id());
        put(ce, "source", headers.source());
        put(ce, "type", headers.type());
        put(ce, "time", headers.time());
        put(ce, "subject", headers.subject());
        ce.set("data", body);
        List<FieldError> found = new ArrayList<>();
        ObjectNode event = unwrap(ce, 0, found);
        for (FieldError f : found) {
            String attribute = f.pointer().substring("/0/".length());
            errors.add(attribute.equals("data") ? new FieldError("/0", "the body must be the usage event object")
                    : new FieldError("ce-" + attribute, "header " + f.message()));
        }
        return event;
    }

    private static void put(ObjectNode ce, String attribute, String value) {
        if (value != null) {
            ce.put(attribute, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
