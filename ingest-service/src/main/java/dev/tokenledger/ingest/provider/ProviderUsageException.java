package dev.tokenledger.ingest.provider;

/** A provider usage object that cannot be mapped; {@code pointer} is relative to {@code provider_usage}. */
public class ProviderUsageException extends RuntimeException {

    private final String pointer;

    public ProviderUsageException(String pointer, String message) {
        super(message);
        this.pointer = pointer;
    }

    public String pointer() {
        return pointer;
    }
}
