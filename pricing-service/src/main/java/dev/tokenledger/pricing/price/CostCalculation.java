package dev.tokenledger.pricing.price;

import java.math.BigDecimal;
import java.util.List;

/**
 * What one event cost under one price entry: line items at list price, the tier used, the
 * discount taken and the exact total. {@code notes} says where a price was inferred.
 */
public record CostCalculation(
        PriceEntry entry,
        String tier,
        List<LineItem> lineItems,
        BigDecimal listTotal,
        Discount discount,
        BigDecimal discountAmount,
        BigDecimal total,
        List<String> notes) {
}
