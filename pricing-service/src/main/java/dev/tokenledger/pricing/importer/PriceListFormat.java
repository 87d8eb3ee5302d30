package dev.tokenledger.pricing.importer;

import java.util.Arrays;
import java.util.Locale;

/** The price-list formats the catalogue can import. */
public enum PriceListFormat {
    LITELLM(new LiteLlmImporter()),
    OPENROUTER(new OpenRouterImporter()),
    LANGFUSE(new LangfuseImporter());

    private final PriceListImporter importer;

    PriceListFormat(PriceListImporter importer) {
        this.importer = importer;
    }

    public PriceListImporter importer() {
        return importer;
    }

    public static PriceListFormat of(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("format must be one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
        }
    }
}
