package dev.tokenledger.common.events;

/**
 * Names of the meters in {@link Usage#units()} beside the token buckets, one name per meaning:
 * ingest's provider adapters write them, the price catalogue prices them (per unit as listed,
 * never per million, even where the unit is a token: {@code *_tokens}).
 */
public final class UsageUnits {

    public static final String REQUESTS = "requests";
    /** One web-search / grounding call (LiteLLM's medium search context). */
    public static final String WEB_SEARCH_CALLS = "web_search_calls";
    public static final String WEB_SEARCH_CALLS_LOW = "web_search_calls_low";
    public static final String WEB_SEARCH_CALLS_HIGH = "web_search_calls_high";
    /** Generated images, per image. */
    public static final String IMAGES = "images";
    /** Images sent in the prompt, per image. */
    public static final String INPUT_IMAGES = "input_images";
    public static final String INPUT_IMAGE_TOKENS = "input_image_tokens";
    public static final String OUTPUT_IMAGE_TOKENS = "output_image_tokens";
    public static final String AUDIO_SECONDS = "audio_seconds";
    public static final String OUTPUT_AUDIO_SECONDS = "output_audio_seconds";
    public static final String INPUT_AUDIO_TOKENS = "audio_input_tokens";
    public static final String OUTPUT_AUDIO_TOKENS = "audio_output_tokens";
    public static final String INPUT_CACHED_AUDIO_TOKENS = "audio_cached_input_tokens";

    public static final String WEB_FETCH_CALLS = "web_fetch_calls";

    private UsageUnits() {
    }
}
