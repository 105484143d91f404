package com.wholesaleos.batch.silver;

import com.wholesaleos.batch.RunArguments;
import com.wholesaleos.batch.bronze.BronzeTable;
import com.wholesaleos.batch.catalog.TableRows;
import com.wholesaleos.schemas.ChangeTopic;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.iceberg.spark.CommitMetadata;
import org.apache.spark.sql.SparkSession;

/**
 * SCD type-2 history of one entity's tracked attributes: a version per change of them, valid from the change until
 * the next ({@code valid_to} null and {@code is_current} for the latest; a deleted entity's last version is closed
 * at the delete). Rebuilt from the whole bronze changelog each run, so it is deterministic and a replayed change
 * (same LSN) adds no version.
 *
 * <p>Validity is business time where the source records one: the first version starts at the entity's own
 * creation time ({@code firstSeenColumn}); later versions at the commit time of the change, as these tables keep
 * no time of their last update.
 */
public record ScdHistory(ChangeTopic topic, String key, List<String> tracked, String firstSeenColumn) {
    public static final List<ScdHistory> ALL = List.of(
            new ScdHistory(ChangeTopic.RETAILERS, "id", List.of("segment", "region_id", "status"), "signup_at"),
            new ScdHistory(ChangeTopic.PRODUCTS, "id", List.of("unit_price", "status"), "created_at"));

    public String table() { return SilverLoader.NAMESPACE + "." + topic.table() + "_history"; }

    public long rebuild(SparkSession spark, String catalog, RunArguments run) throws Exception {
        String bronze = BronzeTable.name(catalog, topic);
        if (!spark.catalog().tableExists(bronze)) return 0;
        String cols = tracked.stream().map(c -> "after.`" + c + "` AS `" + c + "`").collect(Collectors.joining(", "));
        String tuple = "struct(" + tracked.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")) + ")";
        String sql = """
                WITH changes AS (
                  SELECT DISTINCT coalesce(after.`%1$s`, before.`%1$s`) AS `%1$s`, op, %2$s, lsn,
                         CASE WHEN op IN ('CREATE', 'READ') THEN after.`%3$s` ELSE commit_time END AS changed_at
                  FROM %4$s WHERE decode_error IS NULL
                ), marked AS (
                  SELECT *, lag(%5$s) OVER (PARTITION BY `%1$s` ORDER BY lsn) AS previous,
                            lag(op) OVER (PARTITION BY `%1$s` ORDER BY lsn) AS previous_op
                  FROM changes
                ), versions AS (
                  SELECT * FROM marked
                  WHERE op = 'DELETE' OR previous IS NULL OR previous_op = 'DELETE' OR NOT (previous <=> %5$s)
                ), bounded AS (
                  SELECT *, lead(changed_at) OVER (PARTITION BY `%1$s` ORDER BY lsn) AS valid_to FROM versions
                )
                SELECT `%1$s`, %6$s, changed_at AS valid_from, valid_to, valid_to IS NULL AS is_current, lsn AS _lsn
                FROM bounded WHERE op <> 'DELETE'
                """.formatted(key, cols, firstSeenColumn, bronze, tuple,
                tracked.stream().map(c -> "`" + c + "`").collect(Collectors.joining(", ")));
        String target = catalog + "." + table();
        CommitMetadata.withCommitProperties(run.snapshotProperties(), () -> spark.sql(
                "CREATE OR REPLACE TABLE " + target + " USING iceberg TBLPROPERTIES ('format-version'='2', 'comment'='SCD2 history of "
                        + topic.table() + ": " + String.join(", ", tracked) + "') AS " + sql), RuntimeException.class);
        return TableRows.of(spark, target);
    }
}
