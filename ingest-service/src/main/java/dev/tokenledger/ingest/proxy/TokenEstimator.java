package dev.tokenledger.ingest.proxy;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * Counts tokens with OpenAI's encodings (jtokkit): o200k for the GPT-4o, GPT-4.1, GPT-5 and o-series
 * families, cl100k for older OpenAI models and as the estimate for every other provider's models
 * (whose own tokenizers are not public). Used before a call (the budget's input estimate) and for
 * the output of a stream the client abandoned; such counts are marked estimated.
 */
public final class TokenEstimator {

    private static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    /** Per-message framing the chat formats add around each message's text. */
    private static final int PER_REQUEST_OVERHEAD = 3;

    private TokenEstimator() {
    }

    public static long count(String model, String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return encodingFor(model).countTokensOrdinary(text);
    }

    public static long estimateInput(String model, String promptText) {
        return count(model, promptText) + PER_REQUEST_OVERHEAD;
    }

    static Encoding encodingFor(String model) {
        String m = model == null ? "" : model.toLowerCase(java.util.Locale.ROOT);
        int slash = m.lastIndexOf('/');
        if (slash >= 0) {
            m = m.substring(slash + 1);
        }
        boolean o200k = m.startsWith("gpt-4o") || m.startsWith("gpt-4.1") || m.startsWith("gpt-4.5") || m.startsWith("gpt-5")
                || m.startsWith("chatgpt-4o") || m.matches("o\\d.*") || m.startsWith("gpt-oss");
        return REGISTRY.getEncoding(o200k ? EncodingType.O200K_BASE : EncodingType.CL100K_BASE);
    }
}
