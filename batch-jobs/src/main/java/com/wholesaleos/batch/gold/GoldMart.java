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
 */
public record GoldMart(String name, String description, String query, String requiredTable) {
    public GoldMart(String name, String description, String query) {
        this(name, description, query, null);
    }

    public String sql(String catalog) {
        return query.replace("{silver}", catalog + ".silver").replace("{bronze}", catalog + ".bronze");
    }
}
