package dev.tokenledger.common.caller;

import java.util.Set;

/** Body of {@code GET /v1/whoami}: what a service understood from the caller's token. */
public record WhoAmI(String service, String tenantId, String subject, Set<String> roles) {
}
