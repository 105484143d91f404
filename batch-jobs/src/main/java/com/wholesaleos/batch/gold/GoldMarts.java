package com.wholesaleos.batch.gold;

import java.util.List;

/** Every gold mart, in build order. */
public final class GoldMarts {
    private GoldMarts() {}

    /**
     * GMV by business day × region × category × retailer segment × manufacturer × currency, with live GMV's own
     * definition (and {@code SourceGmv}'s): an order's lines count at its first status at or after confirmation, a
     * later cancellation reverses them, each refund reverses its amount in its line's category, a cancelled order's
     * refunds are given back at the later of refund and cancellation. Dated by the business times the marketplace
     * records, so a day's total equals live GMV's and SQL's for that day to the cent.
     */
    public static final GoldMart DAILY_GMV = new GoldMart("daily_gmv",
            "GMV per business day x region x category x retailer segment x manufacturer x currency (live GMV's definition)", """
            WITH confirmed AS (
              SELECT order_id, id, changed_at AS at FROM (
                SELECT h.*, row_number() OVER (PARTITION BY h.order_id ORDER BY h.id) AS rn
                FROM {silver}.order_status_history h WHERE h.status IN ('confirmed', 'shipped', 'delivered', 'refunded')
              ) WHERE rn = 1
            ), cancelled AS (
              SELECT order_id, at FROM (
                SELECT h.order_id, h.changed_at AS at, row_number() OVER (PARTITION BY h.order_id ORDER BY h.id) AS rn
                FROM {silver}.order_status_history h JOIN confirmed c ON c.order_id = h.order_id AND h.id > c.id
                WHERE h.status = 'cancelled'
              ) WHERE rn = 1
            ), lines AS (
              SELECT i.order_id, i.line_no, i.category_id, p.manufacturer_id, i.line_total
              FROM {silver}.order_items i LEFT JOIN {silver}.products p ON p.id = i.product_id
            ), entries AS (
              SELECT c.at, o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, l.line_total AS amount
              FROM confirmed c JOIN {silver}.orders o ON o.id = c.order_id JOIN lines l ON l.order_id = o.id
              UNION ALL
              SELECT x.at, o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, -l.line_total
              FROM cancelled x JOIN {silver}.orders o ON o.id = x.order_id JOIN lines l ON l.order_id = o.id
              UNION ALL
              SELECT r.created_at, o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, -r.amount
              FROM {silver}.refunds r JOIN confirmed c ON c.order_id = r.order_id JOIN {silver}.orders o ON o.id = r.order_id
              JOIN lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
              UNION ALL
              SELECT greatest(r.created_at, x.at), o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, r.amount
              FROM {silver}.refunds r JOIN cancelled x ON x.order_id = r.order_id JOIN {silver}.orders o ON o.id = r.order_id
              JOIN lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
            )
            SELECT to_date(at) AS day, region_id, category_id, retailer_segment AS segment, manufacturer_id, currency,
                   CAST(sum(amount) AS DECIMAL(38, 2)) AS gmv, count(*) AS entries
            FROM entries GROUP BY 1, 2, 3, 4, 5, 6
            """);

    public static final List<GoldMart> ALL = List.of(DAILY_GMV);
}
