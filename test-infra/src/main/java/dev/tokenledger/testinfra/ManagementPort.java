package dev.tokenledger.testinfra;

import org.eclipse.microprofile.config.ConfigProvider;

/** The management interface of the service a {@code @QuarkusTest} started: where {@code /q/health} and {@code /q/metrics} answer. */
public final class ManagementPort {

    private ManagementPort() {
    }

    /** The port Quarkus bound (a free one in tests), as it records it once the interface is up. */
    public static int get() {
        String bound = System.getProperty("quarkus.management.port");
        return bound != null ? Integer.parseInt(bound) : ConfigProvider.getConfig().getValue("quarkus.management.port", Integer.class);
    }
}
