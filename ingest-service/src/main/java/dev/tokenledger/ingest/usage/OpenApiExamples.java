package dev.tokenledger.ingest.usage;

/** Request examples for the OpenAPI document, one per supported provider usage shape. */
final class OpenApiExamples {

    private OpenApiExamples() {
    }

    static final String CANONICAL = """
            [{"event_id": "req-7f3a", "occurred_at": "2026-11-26T10:15:30Z", "provider": "openai", "model": "gpt-4o",
              "operation": "chat", "status": "success", "latency_ms": 812,
              "usage": {"input_tokens": 1200, "cache_read_tokens": 1024, "output_tokens": 300},
              "attribution": {"project": "checkout", "customer": "cust-42", "feature": "summaries", "tags": {"team": "payments"}}}]""";

    static final String OPENAI_CHAT = """
            {"provider": "openai", "operation": "chat",
             "provider_usage": {"model": "o4-mini-2025-04-16", "service_tier": "default",
               "usage": {"prompt_tokens": 2150, "completion_tokens": 900, "total_tokens": 3050,
                 "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
                 "completion_tokens_details": {"reasoning_tokens": 640, "audio_tokens": 0}}}}""";

    static final String OPENAI_RESPONSES = """
            {"provider": "openai", "operation": "responses", "model": "gpt-5",
             "provider_usage": {"input_tokens": 5000, "input_tokens_details": {"cached_tokens": 4096},
               "output_tokens": 1500, "output_tokens_details": {"reasoning_tokens": 1024}, "total_tokens": 6500}}""";

    static final String ANTHROPIC = """
            {"provider": "anthropic", "model": "claude-sonnet-4-5-20250929",
             "provider_usage": {"input_tokens": 50, "cache_creation_input_tokens": 3000, "cache_read_input_tokens": 10000,
               "cache_creation": {"ephemeral_5m_input_tokens": 2000, "ephemeral_1h_input_tokens": 1000},
               "output_tokens": 400, "server_tool_use": {"web_search_requests": 2}, "service_tier": "standard"}}""";

    static final String ANTHROPIC_STREAM = """
            {"provider": "anthropic",
             "provider_usage": [
               {"event": "message_start", "data": {"type": "message_start", "message": {"model": "claude-haiku-4-5-20251001",
                 "usage": {"input_tokens": 25, "cache_read_input_tokens": 4000, "output_tokens": 1}}}},
               {"event": "message_delta", "data": {"type": "message_delta", "usage": {"output_tokens": 87}}},
               {"event": "message_stop", "data": {"type": "message_stop"}}]}""";

    static final String OPENROUTER = """
            {"provider": "openrouter", "model": "anthropic/claude-sonnet-4.5",
             "provider_usage": {"prompt_tokens": 12000, "completion_tokens": 300, "total_tokens": 12300,
               "prompt_tokens_details": {"cached_tokens": 10000, "cache_write_tokens": 1500},
               "completion_tokens_details": {"reasoning_tokens": 0}, "cost": 0.014625}}""";

    static final String CLOUD_EVENT = """
            {"specversion": "1.0", "id": "evt-0001", "source": "my-gateway", "type": "llm.usage", "subject": "cust-42",
             "time": "2026-11-26T10:15:30Z", "datacontenttype": "application/json",
             "data": {"provider": "openai", "model": "gpt-4o-mini", "usage": {"input_tokens": 900, "output_tokens": 120}}}""";
}
