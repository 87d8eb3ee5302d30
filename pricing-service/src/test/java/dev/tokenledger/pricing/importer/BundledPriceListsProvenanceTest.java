package dev.tokenledger.pricing.importer;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bundled price lists are byte for byte the reference files of ../shared/data/pricing: their
 * SHA-256 as published in that directory's README.
 */
class BundledPriceListsProvenanceTest {

    static final Map<String, String> PUBLISHED_SHA256 = Map.of(
            "litellm-2026-07-24T18-23-43Z.json.gz", "4c6858bb791bd06e91e767670a58e088190f19579d11785217aa418edfd4fe51",
            "litellm-2026-01-24T05-09-29Z.json.gz", "e65dc38225c63bcbfb298df1d3f3d7715cf0c8f2b85c7d9af48cdb72df1d7b6d",
            "litellm-2025-07-24T02-46-02Z.json.gz", "fd99126da9fd9419f1c4d21f8492a74e75ec02e84a6966fa4ec89bb68597a0a0",
            "openrouter-2026-08-01T00-00-00Z.json.gz", "93da863db0f6d3ad789ebf69f8086df35727288f14a7269bf14fda7a65c76f61",
            "langfuse-2026-08-21T00-00-00Z.json.gz", "043bdc1a890924057232c036cc6fd71b25404101807d0706a69fc2df89383dda");

    @Test
    void everyBundledListIsTheReferenceFileUnchanged() throws Exception {
        assertEquals(PUBLISHED_SHA256.keySet(), BundledCatalogue.LISTS.stream().map(BundledCatalogue.PriceList::resource)
                .collect(java.util.stream.Collectors.toSet()));
        for (BundledCatalogue.PriceList list : BundledCatalogue.LISTS) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = list.open()) {
                sha.update(in.readAllBytes());
            }
            assertEquals(PUBLISHED_SHA256.get(list.resource()), HexFormat.of().formatHex(sha.digest()), list.resource());
        }
    }
}
