package dev.tokenledger.pricing.importer;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;

/** Reads one provider price-list format into catalogue entries. Amounts are read from their decimal text, never through a double. */
public interface PriceListImporter {

    /** The source name recorded on every entry and version: {@code litellm}, {@code openrouter}, {@code langfuse}. */
    String source();

    ImportedCatalogue read(InputStream json, Instant effectiveFrom) throws IOException;
}
