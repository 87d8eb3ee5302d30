package dev.tokenledger.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.tokenledger.common.money.DecimalBounds;

import java.io.IOException;
import java.math.BigDecimal;

/**
 * Every {@link BigDecimal} read from JSON (a number or a decimal string) is held to {@link DecimalBounds}:
 * a request gets a 400 naming the field, a Kafka record is dead-lettered, before anything stores or
 * computes with it.
 */
final class BoundedDecimal extends StdScalarDeserializer<BigDecimal> {

    BoundedDecimal() {
        super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        String text = p.getText();
        if (text != null && text.trim().length() > 64) {
            throw InvalidFormatException.from(p, DecimalBounds.RULE, abbreviated(text), BigDecimal.class);
        }
        BigDecimal d = NumberDeserializers.BigDecimalDeserializer.instance.deserialize(p, ctxt);
        if (d != null && !DecimalBounds.within(d)) {
            throw InvalidFormatException.from(p, DecimalBounds.RULE, abbreviated(text), BigDecimal.class);
        }
        return d;
    }

    private static String abbreviated(String text) {
        return text == null || text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
