package dev.tokenledger.ingest.providerkey;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code tokenledger.provider-keys.*}: the key-encryption key that seals stored provider keys
 * (base64 of 32 bytes; without it managed keys are off), its id, and earlier KEKs by id that still
 * open what they sealed.
 */
@ConfigMapping(prefix = "tokenledger.provider-keys")
public interface ProviderKeyConfig {

    Optional<String> keyEncryptionKey();

    @WithDefault("kek-1")
    String keyEncryptionKeyId();

    /** Earlier KEKs, e.g. {@code tokenledger.provider-keys.previous-key-encryption-keys.kek-0=…}. */
    Map<String, String> previousKeyEncryptionKeys();

    /** How long the proxy keeps an opened key before reading it again (a rotation or revocation here applies at once). */
    @WithDefault("5s")
    Duration cacheFor();
}
