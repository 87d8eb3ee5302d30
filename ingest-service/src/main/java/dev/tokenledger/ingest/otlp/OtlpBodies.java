package dev.tokenledger.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP bodies as the specification defines them: binary protobuf or protobuf's JSON mapping
 * (with trace and span ids as hex, not base64), optionally gzip-compressed; the answers in the
 * request's encoding, failures as a {@code google.rpc.Status}.
 */
final class OtlpBodies {

    static final String PROTOBUF = "application/x-protobuf";
    static final String JSON = "application/json";

    /** A body that cannot be read as an export request; the message says why. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpBodies() {
    }

    static byte[] inflate(byte[] body, String encoding, int limit) throws Unreadable {
        if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
            return body;
        }
        if (!encoding.trim().equalsIgnoreCase("gzip")) {
            throw new Unreadable("Content-Encoding " + encoding + " is not supported (gzip or none)");
        }
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length * 4);
            byte[] buf = new byte[16384];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                if (out.size() > limit) {
                    throw new Unreadable("the body is larger than " + limit + " bytes once decompressed");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new Unreadable("the body is not valid gzip: " + e.getMessage());
        }
    }

    static ExportTraceServiceRequest parse(byte[] body, boolean json) throws Unreadable {
        if (!json) {
            try {
                return ExportTraceServiceRequest.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                throw new Unreadable("the body is not an OTLP ExportTraceServiceRequest in protobuf: " + e.getMessage());
            }
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new Unreadable("the body is not valid JSON: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? dev.tokenledger.common.problem.JsonErrorText.of(j) : e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable("the body must be an ExportTraceServiceRequest object");
        }
        hexIdsToBase64(root);
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        try {
            PARSER.merge(MAPPER.writeValueAsString(root), builder);
        } catch (IOException e) {
            throw new Unreadable("the body is not an OTLP ExportTraceServiceRequest in JSON: " + e.getMessage());
        }
        return builder.build();
    }

    /** OTLP's JSON encoding writes ids as hex where protobuf's JSON mapping expects base64. */
    private static void hexIdsToBase64(JsonNode root) {
        for (JsonNode rs : each(root, "resourceSpans", "resource_spans")) {
            for (JsonNode ss : each(rs, "scopeSpans", "scope_spans")) {
                for (JsonNode span : each(ss, "spans", "spans")) {
                    convert(span, "traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id");
                    for (JsonNode link : each(span, "links", "links")) {
                        convert(link, "traceId", "trace_id", "spanId", "span_id");
                    }
                }
            }
        }
    }

    private static Iterable<JsonNode> each(JsonNode node, String camel, String snake) {
        JsonNode list = node.has(camel) ? node.get(camel) : node.get(snake);
        return list != null && list.isArray() ? list : java.util.List.of();
    }

    private static void convert(JsonNode node, String... fields) {
        if (!(node instanceof ObjectNode o)) {
            return;
        }
        for (String f : fields) {
            JsonNode v = o.get(f);
            if (v != null && v.isTextual() && !v.asText().isEmpty() && v.asText().length() % 2 == 0 && v.asText().matches("[0-9a-fA-F]+")) {
                o.put(f, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(v.asText())));
            }
        }
    }

    static byte[] answer(long rejected, String message, boolean json) {
        ExportTraceServiceResponse.Builder r = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0) {
            r.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message));
        }
        if (!json) {
            return r.build().toByteArray();
        }
        try {
            return PRINTER.print(r).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code google.rpc.Status} (code 3, INVALID_ARGUMENT, and the message) in the request's encoding. */
    static byte[] invalidArgument(String message, boolean json) {
        if (json) {
            ObjectNode status = MAPPER.createObjectNode().put("code", 3).put("message", message);
            return status.toString().getBytes(StandardCharsets.UTF_8);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        try {
            c.writeInt32(1, 3);
            c.writeString(2, message);
            c.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
