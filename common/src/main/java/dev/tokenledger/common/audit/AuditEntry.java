package dev.tokenledger.common.audit;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/** One line of a service's audit log: who changed what, when, and the object before and after. */
public record AuditEntry(long id, String tenantId, Instant at, String actor, String actorTenant, String action,
                         String objectType, String objectId, JsonNode before, JsonNode after) {
}
