package io.segmenter.features.dataset;

import java.util.Locale;

/**
 * Why a well-formed line produced no event. Skipped lines are valid data that is not a purchase or
 * click of an identifiable user; they are counted apart from malformed lines.
 */
public enum SkipReason {
    /** Online Retail: an invoice number starting with {@code C}; a refund is not a purchase. */
    CANCELLATION,
    /** Online Retail: CustomerID {@code NA} or empty; the line cannot be attributed to a user. */
    NO_CUSTOMER_ID,
    /** Online Retail: a stock code that is not a product (postage, fees, discounts, vouchers, ...). */
    NON_PRODUCT_STOCK_CODE,
    /** Online Retail: quantity 0 or below outside a cancellation (a stock adjustment). */
    NON_POSITIVE_QUANTITY;

    /** Kebab-case code, e.g. {@code no-customer-id}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
