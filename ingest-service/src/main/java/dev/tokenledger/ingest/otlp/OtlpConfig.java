package dev.tokenledger.ingest.otlp;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** How spans received over OTLP are attributed. */
@ConfigMapping(prefix = "tokenledger.otlp")
public interface OtlpConfig {

    /** The resource or span attribute whose value is the event's project. */
    @WithDefault("service.name")
    String projectAttribute();

    /**
     * Further attributes (resource or span) mapped to a dimension — {@code project}, {@code environment},
     * {@code user}, {@code customer}, {@code feature}, {@code agent}, {@code session} — or to a tag,
     * {@code tag:<name>}: {@code tokenledger.otlp.attributes."app.customer_id"=customer}. They win
     * over the conventional attributes.
     */
    Map<String, String> attributes();
}
