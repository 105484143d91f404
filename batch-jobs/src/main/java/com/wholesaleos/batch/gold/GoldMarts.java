package com.wholesaleos.batch.gold;

import java.util.List;

/** Every gold mart, in build order. */
public final class GoldMarts {
    private GoldMarts() {}

    /**
     * GMV entries with live GMV's definition (and {@code SourceGmv}'s): an order's lines count at its first status at or
     * after confirmation, a later cancellation reverses them, each refund reverses its amount in its line's category, a
     * cancelled order's refunds are given back at the later of refund and cancellation. Each entry is dated by the
     * business time the marketplace recorded and carries its line's commission rate (the manufacturer's negotiated
     * one, else its category's) and its retailer.
     */
    private static final String GMV_ENTRIES = """
            confirmed AS (
              SELECT order_id, id, changed_at AS at FROM (
                SELECT h.*, row_number() OVER (PARTITION BY h.order_id ORDER BY h.id) AS rn
                FROM {silver}.order_status_history h WHERE h.status IN ('confirmed', 'shipped', 'delivered', 'refunded'){scope}
              ) WHERE rn = 1
            ), cancelled AS (
              SELECT order_id, at FROM (
                SELECT h.order_id, h.changed_at AS at, row_number() OVER (PARTITION BY h.order_id ORDER BY h.id) AS rn
                FROM {silver}.order_status_history h JOIN confirmed c ON c.order_id = h.order_id AND h.id > c.id
                WHERE h.status = 'cancelled'
              ) WHERE rn = 1
            ), lines AS (
              SELECT i.order_id, i.line_no, i.product_id, i.category_id, p.manufacturer_id, i.line_total,
                     coalesce(m.commission_rate, c.commission_rate) AS commission_rate
              FROM {silver}.order_items i
              LEFT JOIN {silver}.products p ON p.id = i.product_id
              LEFT JOIN {silver}.manufacturers m ON m.id = p.manufacturer_id
              LEFT JOIN {silver}.categories c ON c.id = i.category_id
            ), entries AS (
              SELECT c.at, o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, o.retailer_id, l.commission_rate,
                     l.line_total AS amount, o.id AS order_id, l.product_id
              FROM confirmed c JOIN {silver}.orders o ON o.id = c.order_id JOIN lines l ON l.order_id = o.id
              UNION ALL
              SELECT x.at, o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, o.retailer_id, l.commission_rate,
                     -l.line_total, o.id, l.product_id
              FROM cancelled x JOIN {silver}.orders o ON o.id = x.order_id JOIN lines l ON l.order_id = o.id
              UNION ALL
              SELECT r.created_at, o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, o.retailer_id, l.commission_rate,
                     -r.amount, o.id, l.product_id
              FROM {silver}.refunds r JOIN confirmed c ON c.order_id = r.order_id JOIN {silver}.orders o ON o.id = r.order_id
              JOIN lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
              UNION ALL
              SELECT greatest(r.created_at, x.at), o.region_id, l.category_id, l.manufacturer_id, o.retailer_segment, o.currency, o.retailer_id,
                     l.commission_rate, r.amount, o.id, l.product_id
              FROM {silver}.refunds r JOIN cancelled x ON x.order_id = r.order_id JOIN {silver}.orders o ON o.id = r.order_id
              JOIN lines l ON l.order_id = r.order_id AND l.line_no = r.line_no
            )""";

    /** {@link #GMV_ENTRIES} of the orders a CTE defined before it names (an order's entries need its whole history, no more). */
    private static String entriesOf(String orders) {
        return GMV_ENTRIES.replace("{scope}", " AND h.order_id IN (SELECT order_id FROM " + orders + ")");
    }


    /**
     * The orders the changes since a mart's last build touched (any change of the order, a line, a status, a refund),
     * and whether any of those was a delete: a delete's row is gone from silver, so the partitions it counted in cannot
     * be found from today's rows, and every partition is rebuilt. (The capture's update images carry no "before": the
     * dates that place a row in a partition — placed_at, changed_at, created_at, signup_at — are never updated by the
     * core service, and a product never changes manufacturer; the warehouse tests check incremental runs against SQL.)
     */
    private static final String CHANGED_ORDERS = """
            changed_orders AS (
              SELECT coalesce(after.id, before.id) AS order_id FROM {changes}.orders
              UNION SELECT coalesce(after.order_id, before.order_id) FROM {changes}.order_items
              UNION SELECT coalesce(after.order_id, before.order_id) FROM {changes}.order_status_history
              UNION SELECT coalesce(after.order_id, before.order_id) FROM {changes}.refunds
            ), deleted AS (
              SELECT 1 AS d FROM {changes}.orders WHERE op = 'DELETE' UNION ALL SELECT 1 FROM {changes}.order_items WHERE op = 'DELETE'
              UNION ALL SELECT 1 FROM {changes}.order_status_history WHERE op = 'DELETE' UNION ALL SELECT 1 FROM {changes}.refunds WHERE op = 'DELETE'
            )""";

    /** Days an entry of a changed order falls on: an order's entries are only ever added (statuses and refunds are appended). */
    private static final String GMV_TOUCHED_DAYS = "WITH " + CHANGED_ORDERS + ", " + entriesOf("changed_orders") + """

            SELECT to_date(at) AS day FROM entries
            UNION SELECT {column} FROM {target} WHERE EXISTS (SELECT 1 FROM deleted)
            """;

    /**
     * The orders whose entries can fall on the days being rebuilt: every entry is dated by a status change (its
     * confirmation or cancellation) or by a refund (or the later of a refund and the cancellation), so an order with none
     * of those on a day has no entry there. {@code {touched}} stands for the days.
     */
    private static final String ORDERS_ON_DAYS = """
            SELECT order_id FROM {silver}.order_status_history WHERE to_date(changed_at) IN ({touched})
            UNION SELECT order_id FROM {silver}.refunds WHERE to_date(created_at) IN ({touched})
            """;

    /**
     * Days whose revenue the changes may have moved: {@link #GMV_TOUCHED_DAYS}'s, every day of a manufacturer or
     * category whose row changed (its commission rate applies to all its entries), and for a changed referral its day
     * and every day of its referee's entries (the affiliate commission follows the referral's status).
     */
    private static final String REVENUE_TOUCHED_DAYS = "WITH " + CHANGED_ORDERS + """
            , changed_manufacturers AS (SELECT coalesce(after.id, before.id) AS id FROM {changes}.manufacturers
            ), changed_categories AS (SELECT coalesce(after.id, before.id) AS id FROM {changes}.categories
            ), changed_referrals AS (
              SELECT coalesce(after.referee_id, before.referee_id) AS referee_id, to_date(coalesce(after.created_at, before.created_at)) AS day
              FROM {changes}.referrals
            ), revenue_orders AS (
              SELECT order_id FROM changed_orders
              UNION SELECT id FROM {silver}.orders WHERE retailer_id IN (SELECT referee_id FROM changed_referrals)
              UNION SELECT i.order_id FROM {silver}.order_items i LEFT JOIN {silver}.products p ON p.id = i.product_id
                    WHERE i.category_id IN (SELECT id FROM changed_categories) OR p.manufacturer_id IN (SELECT id FROM changed_manufacturers)
            ), """ + entriesOf("revenue_orders") + """

            SELECT to_date(at) AS day FROM entries
            UNION SELECT day FROM changed_referrals
            UNION SELECT {column} FROM {target} WHERE EXISTS (SELECT 1 FROM deleted) OR EXISTS (SELECT 1 FROM {changes}.referrals WHERE op = 'DELETE')
            """;

    /** Months (of any order) of every retailer a changed order belongs to: a retailer's nth order and its first month may move. */
    private static final String RETAILER_MONTHS = "WITH " + CHANGED_ORDERS + """

            SELECT CAST(date_trunc('MONTH', o.placed_at) AS DATE) AS month FROM {silver}.orders o
            WHERE o.retailer_id IN (SELECT o2.retailer_id FROM {silver}.orders o2 WHERE o2.id IN (SELECT order_id FROM changed_orders))
               OR EXISTS (SELECT 1 FROM deleted)
            UNION SELECT {column} FROM {target} WHERE EXISTS (SELECT 1 FROM deleted)
            """;

    /** Sign-up months of changed retailers and of retailers whose orders changed (their first order may have moved). */
    private static final String SIGNUP_MONTHS = "WITH " + CHANGED_ORDERS + """

            SELECT CAST(date_trunc('MONTH', r.signup_at) AS DATE) AS month FROM {silver}.retailers r
            WHERE r.id IN (SELECT o.retailer_id FROM {silver}.orders o WHERE o.id IN (SELECT order_id FROM changed_orders))
               OR r.id IN (SELECT coalesce(after.id, before.id) FROM {changes}.retailers) OR EXISTS (SELECT 1 FROM deleted)
            UNION SELECT {column} FROM {target}
            WHERE EXISTS (SELECT 1 FROM deleted) OR EXISTS (SELECT 1 FROM {changes}.retailers WHERE op = 'DELETE')
            """;

    /**
     * GMV by business day x region x category x retailer segment x manufacturer x currency, from {@link #GMV_ENTRIES}:
     * a day's total equals live GMV's and SQL's for that day to the cent.
     */
    public static final GoldMart DAILY_GMV = new GoldMart("daily_gmv",
            "GMV per business day x region x category x retailer segment x manufacturer x currency (live GMV's definition)",
            "WITH " + GMV_ENTRIES + """

            SELECT to_date(at) AS day, region_id, category_id, retailer_segment AS segment, manufacturer_id, currency,
                   CAST(sum(amount) AS DECIMAL(38, 2)) AS gmv, count(*) AS entries
            FROM entries GROUP BY 1, 2, 3, 4, 5, 6
            """).refreshedBy("day", GMV_TOUCHED_DAYS, ORDERS_ON_DAYS);

    /**
     * GMV per business day and currency, from {@link #GMV_ENTRIES}: {@link #DAILY_GMV} summed over its dimensions, one row
     * a day, so what reads only the day's total (the milestone views, a GMV trend) reads a thousand rows, not millions.
     */
    public static final GoldMart DAILY_GMV_TOTALS = new GoldMart("daily_gmv_totals",
            "GMV per business day x currency (daily_gmv's total: live GMV's definition)",
            "WITH " + GMV_ENTRIES + """

            SELECT to_date(at) AS day, currency, CAST(sum(amount) AS DECIMAL(38, 2)) AS gmv, count(*) AS entries
            FROM entries GROUP BY 1, 2
            """).refreshedBy("day", GMV_TOUCHED_DAYS, ORDERS_ON_DAYS);

    /** Orders that counted: reached confirmation (confirmed, or shipped, delivered, refunded when a step was skipped). */
    private static final String CONFIRMED_ORDERS = "\n" + """
            confirmed_orders AS (
              SELECT o.id, o.retailer_id, o.region_id, o.currency, o.placed_at
              FROM {silver}.orders o
              WHERE EXISTS (SELECT 1 FROM {silver}.order_status_history h
                            WHERE h.order_id = o.id AND h.status IN ('confirmed', 'shipped', 'delivered', 'refunded'))
            )""";

    /**
     * Monthly retention cohorts: a retailer's cohort is the month (business time, UTC) of its first confirmed order;
     * for each later month, how many of the cohort placed a confirmed order then, and what share of the cohort that is.
     */
    public static final GoldMart RETENTION_COHORTS = new GoldMart("retention_cohorts",
            "Per first-order month x months since: cohort size, retailers active (a confirmed order placed that month), share active", """
            WITH""" + CONFIRMED_ORDERS + """
            , first_orders AS (
              SELECT retailer_id, min(date_trunc('MONTH', placed_at)) AS cohort_month FROM confirmed_orders GROUP BY retailer_id
            ), activity AS (
              SELECT DISTINCT retailer_id, date_trunc('MONTH', placed_at) AS month FROM confirmed_orders
            ), sizes AS (
              SELECT cohort_month, count(*) AS cohort_size FROM first_orders GROUP BY cohort_month
            )
            SELECT CAST(f.cohort_month AS DATE) AS cohort_month, CAST(months_between(a.month, f.cohort_month) AS INT) AS months_since,
                   s.cohort_size, count(*) AS active_retailers,
                   CAST(round(CAST(count(*) AS DECIMAL(20, 6)) / s.cohort_size, 4) AS DECIMAL(5, 4)) AS share_active
            FROM first_orders f JOIN activity a ON a.retailer_id = f.retailer_id JOIN sizes s ON s.cohort_month = f.cohort_month
            GROUP BY f.cohort_month, a.month, s.cohort_size
            """).refreshedBy("cohort_month", RETAILER_MONTHS);

    /**
     * Repeat purchase per month and region (region null: all regions): the share of ordering retailers that placed at
     * least two confirmed orders in the month (repeat purchase rate), and the share of the month's confirmed orders
     * that were not their retailer's first ever (repeat order rate: the rollout criterion, at least 50%).
     */
    public static final GoldMart REPEAT_PURCHASE = new GoldMart("repeat_purchase",
            "Per month x region (null = all): ordering retailers, those with >= 2 orders, repeat purchase rate; orders, repeat orders, repeat order rate", """
            WITH""" + CONFIRMED_ORDERS + """
            , ranked AS (
              SELECT *, date_trunc('MONTH', placed_at) AS month,
                     row_number() OVER (PARTITION BY retailer_id ORDER BY placed_at, id) AS nth
              FROM confirmed_orders
            ), per_retailer AS (
              SELECT month, region_id, retailer_id, count(*) AS orders, count_if(nth >= 2) AS repeat_orders
              FROM ranked GROUP BY month, region_id, retailer_id
            ), per_retailer_all_regions AS (
              SELECT month, retailer_id, count(*) AS orders, count_if(nth >= 2) AS repeat_orders FROM ranked GROUP BY month, retailer_id
            ), rows AS (
              SELECT month, region_id, count(*) AS ordering_retailers, count_if(orders >= 2) AS repeat_retailers,
                     sum(orders) AS orders, sum(repeat_orders) AS repeat_orders
              FROM per_retailer GROUP BY month, region_id
              UNION ALL
              SELECT month, CAST(NULL AS BIGINT), count(*), count_if(orders >= 2), sum(orders), sum(repeat_orders)
              FROM per_retailer_all_regions GROUP BY month
            )
            SELECT CAST(month AS DATE) AS month, region_id, ordering_retailers, repeat_retailers,
                   CAST(round(CAST(repeat_retailers AS DECIMAL(20, 6)) / ordering_retailers, 4) AS DECIMAL(5, 4)) AS repeat_purchase_rate,
                   orders, repeat_orders,
                   CAST(round(CAST(repeat_orders AS DECIMAL(20, 6)) / orders, 4) AS DECIMAL(5, 4)) AS repeat_order_rate
            FROM rows
            """).refreshedBy("month", RETAILER_MONTHS);

    /** Activation by sign-up month: retailers that signed up, and those whose first confirmed order came within 30 days. */
    public static final GoldMart ACTIVATION = new GoldMart("activation",
            "Per sign-up month: retailers signed up, activated (first confirmed order within 30 days of sign-up), activation rate", """
            WITH""" + CONFIRMED_ORDERS + """
            , first_orders AS (SELECT retailer_id, min(placed_at) AS first_order_at FROM confirmed_orders GROUP BY retailer_id)
            SELECT CAST(date_trunc('MONTH', r.signup_at) AS DATE) AS signup_month, count(*) AS signed_up,
                   count_if(f.first_order_at < r.signup_at + INTERVAL 30 DAYS) AS activated_30d,
                   CAST(round(CAST(count_if(f.first_order_at < r.signup_at + INTERVAL 30 DAYS) AS DECIMAL(20, 6)) / count(*), 4) AS DECIMAL(5, 4))
                       AS activation_rate
            FROM {silver}.retailers r LEFT JOIN first_orders f ON f.retailer_id = r.id
            GROUP BY 1
            """).refreshedBy("signup_month", SIGNUP_MONTHS);

    /**
     * Network growth per business day: manufacturers, retailers and distributors onboarded that day (created or signed
     * up) and in all by then; and the retailers that placed a confirmed order that day.
     */
    public static final GoldMart NETWORK_GROWTH = new GoldMart("network_growth",
            "Per day: manufacturers, retailers, distributors onboarded that day and to date; retailers ordering that day", """
            WITH""" + CONFIRMED_ORDERS + """
            , events AS (
              SELECT to_date(created_at) AS day, 'manufacturer' AS kind FROM {silver}.manufacturers
              UNION ALL SELECT to_date(signup_at), 'retailer' FROM {silver}.retailers
              UNION ALL SELECT to_date(created_at), 'distributor' FROM {silver}.distributors
            ), onboarded AS (
              SELECT day, count_if(kind = 'manufacturer') AS m, count_if(kind = 'retailer') AS r, count_if(kind = 'distributor') AS d
              FROM events GROUP BY day
            ), ordering AS (
              SELECT to_date(placed_at) AS day, count(DISTINCT retailer_id) AS ordering_retailers FROM confirmed_orders GROUP BY 1
            ), days AS (
              SELECT day FROM onboarded UNION SELECT day FROM ordering
            )
            SELECT d.day, coalesce(o.m, 0) AS new_manufacturers, coalesce(o.r, 0) AS new_retailers, coalesce(o.d, 0) AS new_distributors,
                   sum(coalesce(o.m, 0)) OVER (ORDER BY d.day) AS manufacturers,
                   sum(coalesce(o.r, 0)) OVER (ORDER BY d.day) AS retailers,
                   sum(coalesce(o.d, 0)) OVER (ORDER BY d.day) AS distributors,
                   coalesce(x.ordering_retailers, 0) AS ordering_retailers
            FROM days d LEFT JOIN onboarded o ON o.day = d.day LEFT JOIN ordering x ON x.day = d.day
            """);

    /**
     * Platform revenue per business day and currency: commission on GMV (each GMV entry of {@link #DAILY_GMV}'s
     * definition, at the manufacturer's negotiated rate or else its category's, so cancellations and refunds take their
     * commission back), minus referral credits (rewards of rewarded referrals, dated at the referral), minus affiliate
     * commissions (1% of the GMV of retailers who joined through a rewarded referral, paid to their referrer).
     */
    public static final GoldMart PLATFORM_REVENUE = new GoldMart("platform_revenue",
            "Per day x currency: commission on GMV - referral credits - 1% affiliate commissions = net revenue",
            "WITH " + GMV_ENTRIES + """
            , referred AS (SELECT DISTINCT referee_id FROM {silver}.referrals WHERE status = 'rewarded'
            ), daily AS (
              SELECT to_date(e.at) AS day, e.currency, sum(e.amount * e.commission_rate) AS commission,
                     sum(CASE WHEN r.referee_id IS NOT NULL THEN e.amount * 0.01 ELSE 0 END) AS affiliate
              FROM entries e LEFT JOIN referred r ON r.referee_id = e.retailer_id GROUP BY 1, 2
            ), credits AS (
              SELECT to_date(created_at) AS day, currency, sum(reward) AS referral_credits
              FROM {silver}.referrals WHERE status = 'rewarded' GROUP BY 1, 2
            )
            SELECT coalesce(d.day, c.day) AS day, coalesce(d.currency, c.currency) AS currency,
                   CAST(round(coalesce(d.commission, 0), 2) AS DECIMAL(38, 2)) AS commission,
                   CAST(coalesce(c.referral_credits, 0) AS DECIMAL(38, 2)) AS referral_credits,
                   CAST(round(coalesce(d.affiliate, 0), 2) AS DECIMAL(38, 2)) AS affiliate_commissions,
                   CAST(round(coalesce(d.commission, 0), 2) - coalesce(c.referral_credits, 0) - round(coalesce(d.affiliate, 0), 2) AS DECIMAL(38, 2))
                       AS net_revenue
            FROM daily d FULL OUTER JOIN credits c ON c.day = d.day AND c.currency = d.currency
            """).refreshedBy("day", REVENUE_TOUCHED_DAYS, ORDERS_ON_DAYS);

    /** Reviews per month: how many, and their average rating (1-5). */
    public static final GoldMart REVIEW_RATINGS = new GoldMart("review_ratings",
            "Per month: reviews and average rating", """
            SELECT CAST(date_trunc('MONTH', created_at) AS DATE) AS month, count(*) AS reviews, sum(rating) AS rating_sum,
                   CAST(round(CAST(sum(rating) AS DECIMAL(20, 6)) / count(*), 2) AS DECIMAL(4, 2)) AS average_rating
            FROM {silver}.reviews GROUP BY 1
            """).refreshedBy("month", """
            SELECT CAST(date_trunc('MONTH', coalesce(after.created_at, before.created_at)) AS DATE) FROM {changes}.reviews
            UNION SELECT {column} FROM {target} WHERE EXISTS (SELECT 1 FROM {changes}.reviews WHERE op = 'DELETE')
            """);

    /** Distributor fulfilment per month of shipping: shipments, delivered, average days to deliver, returned, return rate. */
    public static final GoldMart DISTRIBUTOR_FULFILMENT = new GoldMart("distributor_fulfilment",
            "Per distributor x month shipped: shipments, delivered, average days to deliver, returned, return rate", """
            SELECT distributor_id, CAST(date_trunc('MONTH', shipped_at) AS DATE) AS month, count(*) AS shipments,
                   count_if(status = 'delivered') AS delivered,
                   CAST(round(avg(CASE WHEN delivered_at IS NOT NULL
                                       THEN (unix_micros(delivered_at) - unix_micros(shipped_at)) / 86400000000.0 END), 2) AS DECIMAL(9, 2))
                       AS avg_days_to_deliver,
                   count_if(status = 'returned') AS returned,
                   CAST(round(CAST(count_if(status = 'returned') AS DECIMAL(20, 6)) / count(*), 4) AS DECIMAL(5, 4)) AS return_rate
            FROM {silver}.shipments GROUP BY 1, 2
            """).refreshedBy("month", """
            SELECT CAST(date_trunc('MONTH', after.shipped_at) AS DATE) FROM {changes}.shipments
            UNION SELECT CAST(NULL AS DATE) FROM {changes}.shipments
            UNION SELECT {column} FROM {target} WHERE EXISTS (SELECT 1 FROM {changes}.shipments WHERE op = 'DELETE')
            """);

    /**
     * Fraud alerts per business day and rule, from every published version of each alert (wos.fraud.alerts in bronze):
     * an alert counts on the day of its first version's evidence, at the severity it last reached.
     */
    public static final GoldMart FRAUD_ALERTS_DAILY = new GoldMart("fraud_alerts_daily",
            "Per day x rule: alerts raised (by the business time of their first evidence), and how many reached high, medium, low severity", """
            WITH versions AS (
              SELECT value.alert_id AS alert_id, value.rule AS rule, value.severity AS severity,
                     value.event_time_ms AS event_time_ms, value.detected_at_ms AS detected_at_ms
              FROM {bronze}.fraud_alerts WHERE decode_error IS NULL
            ), alerts AS (
              SELECT alert_id, rule, min_by(event_time_ms, detected_at_ms) AS first_event_ms, max_by(severity, detected_at_ms) AS severity
              FROM versions GROUP BY alert_id, rule
            )
            SELECT to_date(timestamp_millis(first_event_ms)) AS day, rule, count(*) AS alerts,
                   count_if(severity = 'high') AS high, count_if(severity = 'medium') AS medium, count_if(severity = 'low') AS low
            FROM alerts GROUP BY 1, 2
            """, "bronze.fraud_alerts");

    public static final List<GoldMart> ALL = List.of(DAILY_GMV, DAILY_GMV_TOTALS, RETENTION_COHORTS, REPEAT_PURCHASE, ACTIVATION, NETWORK_GROWTH,
            PLATFORM_REVENUE, REVIEW_RATINGS, DISTRIBUTOR_FULFILMENT, FRAUD_ALERTS_DAILY);
}
