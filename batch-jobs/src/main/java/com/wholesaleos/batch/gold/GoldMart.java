package com.wholesaleos.batch.gold;

/**
 * One gold mart: a table defined by one SQL query over silver. The README's definitions are these queries' words.
 * {@code {silver}} in the query stands for the silver namespace of the run's catalog.
 *
 * @param name        table name in the gold namespace
 * @param description what a row is, for the table comment and {@code wos batch tables}
 * @param query       the definition
 */
public record GoldMart(String name, String description, String query) {
    public String sql(String catalog) {
        return query.replace("{silver}", catalog + ".silver");
    }
}
