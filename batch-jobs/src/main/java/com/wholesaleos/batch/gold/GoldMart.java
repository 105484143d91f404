package com.wholesaleos.batch.gold;

/**
 * One gold mart: a table defined by one SQL query over silver (and, for platform topics, bronze). The README's
 * definitions are these queries' words. {@code {silver}} and {@code {bronze}} in the query stand for those namespaces
 * of the run's catalog.
 *
 * @param name          table name in the gold namespace
 * @param description   what a row is, for the table comment and {@code wos batch tables}
 * @param query         the definition
 * @param requiredTable a table (namespace.table) without which the mart is not built (its topic is not deployed); null: none
 * @param refresh       how a run after the first brings it up to date: only the partitions its changes touch; null:
 *                      rebuilt whole whenever an input moved
 */
public record GoldMart(String name, String description, String query, String requiredTable, Refresh refresh) {
    public GoldMart(String name, String description, String query) {
        this(name, description, query, null, null);
    }

    public GoldMart(String name, String description, String query, String requiredTable) {
        this(name, description, query, requiredTable, null);
    }

    /**
     * A mart partitioned by one DATE column of its rows (a day or a month), rebuilt partition by partition: a run
     * recomputes and atomically replaces only the partitions that {@code touched} names.
     *
     * @param column  the partition column, a DATE the query outputs
     * @param touched SQL returning the values of {@code column} whose rows the changes since the mart's last build may
     *                have changed: it reads {@code {changes}.<table>} (the bronze changes silver took in since then,
     *                {@code before} and {@code after} images), silver as it is now, and {@code {gold}} (the mart as it
     *                was). It must name every partition whose rows differ, or the mart drifts from its definition: the
     *                warehouse tests compare an incremental run with SQL over the source.
     * @param scope   null, or SQL naming the order ids ({@code order_id}) whose rows can fall on the partitions
     *                {@code {touched}} lists: the query's {@code {scope}} then narrows its work to those orders when
     *                partitions are rebuilt (and is empty in a whole build)
     */
    public record Refresh(String column, String touched, String scope) {}

    public GoldMart refreshedBy(String column, String touched) {
        return refreshedBy(column, touched, null);
    }

    public GoldMart refreshedBy(String column, String touched, String scope) {
        return new GoldMart(name, description, query, requiredTable, new Refresh(column, touched, scope));
    }

    /** The whole definition. */
    public String sql(String catalog) {
        return sql(catalog, "");
    }

    /** The definition with {@code {scope}} replaced by a filter on the order id of {@code h} (order status history). */
    public String sql(String catalog, String scopeFilter) {
        return query.replace("{scope}", scopeFilter).replace("{silver}", catalog + ".silver").replace("{bronze}", catalog + ".bronze");
    }
}
