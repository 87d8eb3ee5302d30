package dev.tokenledger.common.http;

import dev.tokenledger.common.problem.Problem;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyLimitTest {

    @Test
    void onlyAContentLengthOverTheLimitIsRefused() {
        assertTrue(BodyLimit.exceeds("1048577", 1_048_576));
        assertTrue(BodyLimit.exceeds(" 99999999999 ", 1_048_576));
        assertFalse(BodyLimit.exceeds("1048576", 1_048_576), "the limit itself is allowed");
        assertFalse(BodyLimit.exceeds(null, 1_048_576), "chunked: the endpoint's own reading decides");
        assertFalse(BodyLimit.exceeds("-1", 1_048_576));
        assertFalse(BodyLimit.exceeds("12abc", 1_048_576), "a malformed length is the HTTP layer's to refuse");
    }

    @Test
    void theRefusalIsAProblemDocumentNamingTheLimit() {
        Problem p = BodyLimit.refusal(1_048_576).problem();
        assertEquals(413, p.status());
        assertEquals(Problem.TYPE_BASE + "too-large", p.type());
        assertEquals("the body is larger than 1048576 bytes", p.detail());
    }
}
