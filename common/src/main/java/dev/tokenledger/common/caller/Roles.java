package dev.tokenledger.common.caller;

/** Realm roles of the tokenledger Keycloak realm. */
public final class Roles {
    /** Manages a tenant's budgets, channels, prices and keys. */
    public static final String TENANT_ADMIN = "tenant-admin";
    /** Reads a tenant's reports and budgets. */
    public static final String TENANT_VIEWER = "tenant-viewer";
    /** Sends usage events and asks for budget decisions (service accounts, gateways). */
    public static final String USAGE_WRITER = "usage-writer";
    /** Operates the platform: edits the public price catalogue, acts across tenants. */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
