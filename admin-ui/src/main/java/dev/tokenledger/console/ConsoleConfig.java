package dev.tokenledger.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Where the console's backend finds the five services it calls on the signed-in user's behalf. */
@ConfigMapping(prefix = "tokenledger.console")
public interface ConsoleConfig {

    Services services();

    /** How long a service may take to start answering before the console shows a 504. */
    @WithDefault("30s")
    java.time.Duration serviceTimeout();

    interface Services {
        @WithDefault("http://127.0.0.1:8081")
        String ingest();

        @WithDefault("http://127.0.0.1:8082")
        String pricing();

        @WithDefault("http://127.0.0.1:8083")
        String budget();

        @WithDefault("http://127.0.0.1:8084")
        String report();

        @WithDefault("http://127.0.0.1:8085")
        String notifier();

        /** The base URL of a service by its short name, empty for a name that is none of the five. */
        default Optional<String> byName(String name) {
            return Optional.ofNullable(switch (name) {
                case "ingest" -> ingest();
                case "pricing" -> pricing();
                case "budget" -> budget();
                case "report" -> report();
                case "notifier" -> notifier();
                default -> null;
            });
        }
    }
}
