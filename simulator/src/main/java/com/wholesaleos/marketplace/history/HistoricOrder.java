package com.wholesaleos.marketplace.history;

import com.wholesaleos.marketplace.history.MarketplaceNetwork.Distributor;
import com.wholesaleos.marketplace.history.MarketplaceNetwork.Retailer;
import java.math.BigDecimal;
import java.util.List;

/** A generated order with everything that happened to it by the history's end. */
record HistoricOrder(Retailer retailer, long placedMs, List<OrderLine> lines, BigDecimal total, OrderLifecycle lifecycle,
                     String shipToAddress, String deviceId, Distributor distributor) {}
