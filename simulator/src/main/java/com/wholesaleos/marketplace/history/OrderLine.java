package com.wholesaleos.marketplace.history;

import java.math.BigDecimal;

/** One line of a generated order; {@code product} indexes the generated catalog. */
record OrderLine(int lineNo, int product, int quantity, BigDecimal unitPrice, BigDecimal lineTotal) {
    static OrderLine of(int lineNo, int product, int quantity, BigDecimal unitPrice) {
        return new OrderLine(lineNo, product, quantity, unitPrice, unitPrice.multiply(BigDecimal.valueOf(quantity)));
    }
}
