package dev.tokenledger.common.caller;

import java.util.Set;

/** Realm roles of the tokenledger Keycloak realm, and the scopes an API key can carry. */
public final class Roles {
    /** Manages a tenant's budgets, channels, prices and keys. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Reads a tenant's reports and budgets. */
    public static final String TENANT_VIEWER = "tenant-viewer";
    /** Writes usage events and nothing else (service accounts, SDKs, API keys scoped {@code ingest}). */
    public static final String INGEST = "ingest";
    /** Asks for budget decisions (and the price quotes behind them) and nothing else (LLM gateways). */
    public static final String GATEWAY = "gateway";
    /** Operates the platform: edits the public price catalogue, acts for a named tenant. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    /** What an API key may be scoped to: machine roles only, never an admin or reader role. */
    public static final Set<String> API_KEY_SCOPES = Set.of(INGEST, GATEWAY);

    private Roles() {
    }
}
