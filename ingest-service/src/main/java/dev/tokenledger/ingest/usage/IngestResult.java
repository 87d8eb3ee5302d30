package dev.tokenledger.ingest.usage;

import java.util.List;

/** Answer to a batch: which events were accepted now and which had been accepted before. */
public record IngestResult(int accepted, int duplicates, List<EventStatus> events) {

    public record EventStatus(String eventId, String status) {
    }
}
