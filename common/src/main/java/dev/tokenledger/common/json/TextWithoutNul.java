package dev.tokenledger.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

import java.io.IOException;

/**
 * Text in a request or record may not contain U+0000: PostgreSQL cannot store it in {@code text},
 * so it must be refused as bad input (400 naming the field) before it reaches a query and fails
 * there as a 500. Applies to values and map keys.
 */
final class TextWithoutNul extends StdScalarDeserializer<String> {

    static final String MESSAGE = "must not contain the NUL character (U+0000)";

    TextWithoutNul() {
        super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String s = StringDeserializer.instance.deserialize(p, ctxt);
        if (s != null && s.indexOf('\u0000') >= 0) {
            throw InvalidFormatException.from(p, MESSAGE, s, String.class);
        }
        return s;
    }

    static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            if (key.indexOf('\u0000') >= 0) {
                throw InvalidFormatException.from(ctxt.getParser(), "a field name " + MESSAGE, key, String.class);
            }
            return key;
        }
    }
}
