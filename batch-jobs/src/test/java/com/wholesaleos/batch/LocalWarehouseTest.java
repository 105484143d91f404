package com.wholesaleos.batch;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.batch.gold.GoldMartBuilder;
import com.wholesaleos.batch.gold.GoldMarts;
import com.wholesaleos.batch.silver.SilverLoader;
import com.wholesaleos.batch.bronze.IcebergBronzeLoader;
import com.wholesaleos.batch.bronze.KafkaOffsets;
import com.wholesaleos.batch.bronze.BronzeTable;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.config.stage.StageDeclaration;
import com.wholesaleos.schemas.ChangeTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Local Spark in this JVM (one session for the class), the Iceberg JDBC catalog on a real PostgreSQL: every gold mart
 * builds on silver tables of the current contracts; and a warehouse built before migration V7 (contract v5: categories
 * without commission_rate) receives changes of the current contract: the column appears in bronze and in silver with
 * no manual step, old rows keep null, new rows their value. Each test has a catalog of its own.
 */
class LocalWarehouseTest {
    private static EmbeddedPostgres postgres;
    private static SparkSession spark;
    private static WosConfig config;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        dataDir = Files.createTempDirectory("wos-evolution-");
        config = WosConfig.defaults().with(Map.of("postgres.port", String.valueOf(postgres.getPort()), "postgres.database", "postgres",
                "data-dir", dataDir.toString(), "warehouse.spark-master", "local[1]", "warehouse.shuffle-partitions", "1"));
        spark = WarehouseSession.start(config, "schema-evolution-test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) spark.close();
        postgres.close();
    }

    private static Schema categoryRow(String version) {
        return ReleasedSchemas.version(version).stream().filter(s -> s.getName().equals("CategoryChange")).findFirst().orElseThrow()
                .getField("after").schema().getTypes().get(1);
    }

    private static Row change(String op, long lsn, Row after) {
        return RowFactory.create(op, null, after, lsn, 1L, new Timestamp(lsn), false, new Timestamp(lsn), 0, lsn, new Timestamp(lsn), null, null);
    }

    @Test
    void theSparkRunsOfTheScheduleGetTheJvmOptionsThisTestRunsWith() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : StageDeclaration.SPARK_JVM_OPTIONS) assertTrue(args.contains(option), option + " missing from the surefire argLine");
    }

    /** A second catalog in the same session, so tests never see each other's tables. */
    private static WosConfig catalog(String name) {
        WosConfig c = config.with(Map.of("warehouse.catalog-name", name));
        WarehouseSession.sparkConf(c).forEach((k, v) -> {
            if (k.startsWith("spark.sql.catalog.")) spark.conf().set(k, v);
        });
        return c;
    }

    @Test
    void everyGoldMartBuildsOnSilverOfTheCurrentContracts() throws Exception {
        WosConfig marts = catalog("marts");
        RunArguments run = RunArguments.parse(new String[0], "test");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS marts.bronze");
        for (ChangeTopic t : ChangeTopic.values()) {
            IcebergBronzeLoader.createIfMissing(spark, BronzeTable.name("marts", t), BronzeTable.schema(t), t);
        }
        BronzeTable.PLATFORM_TOPICS.forEach((table, topic) -> IcebergBronzeLoader.createIfMissing(spark, "marts.bronze." + table,
                BronzeTable.recordSchema(topic.valueSchema()), "test"));
        new SilverLoader(spark, marts, run).loadAll();
        new GoldMartBuilder(spark, marts, run).buildAll();
        for (var mart : GoldMarts.ALL) assertEquals(0, spark.table("marts.gold." + mart.name()).count(), mart.name());
    }

    @Test
    void aColumnAddedByAMigrationAppearsInBronzeAndSilver() throws Exception {
        WosConfig config = catalog("evolving");
        RunArguments run = RunArguments.parse(new String[0], "test");
        String bronze = BronzeTable.name("evolving", ChangeTopic.CATEGORIES);
        spark.sql("CREATE NAMESPACE IF NOT EXISTS evolving.bronze");
        // The warehouse as a v5 build left it: changelog and silver without commission_rate.
        StructType v5 = BronzeTable.schema(categoryRow("v5"));
        assertFalse(Arrays.asList(((StructType) v5.apply("after").dataType()).fieldNames()).contains("commission_rate"));
        IcebergBronzeLoader.createIfMissing(spark, bronze, v5, ChangeTopic.CATEGORIES);
        IcebergBronzeLoader.append(spark.createDataFrame(List.of(change("READ", 10, RowFactory.create(1L, "beverages", null))), v5), bronze, KafkaOffsets.none(), run);
        new SilverLoader(spark, config, run).loadAll();
        assertFalse(Arrays.asList(spark.table("evolving.silver.categories").schema().fieldNames()).contains("commission_rate"));

        // Migration V7 and contract v6 deployed: the next load adds the column before any change carries it.
        StructType current = BronzeTable.schema(ChangeTopic.CATEGORIES);
        IcebergBronzeLoader.createIfMissing(spark, bronze, current, ChangeTopic.CATEGORIES);
        new SilverLoader(spark, config, run).loadAll();
        assertEquals(List.of("1|null"), spark.sql("SELECT id, commission_rate FROM evolving.silver.categories").collectAsList().stream()
                .map(r -> r.get(0) + "|" + r.get(1)).toList(), "the column is there, empty until a change carries it");

        // New changes carry it.
        IcebergBronzeLoader.append(spark.createDataFrame(List.of(
                change("CREATE", 20, RowFactory.create(2L, "snacks", null, new BigDecimal("0.0400"))),
                change("UPDATE", 30, RowFactory.create(1L, "beverages", null, new BigDecimal("0.0300")))), current), bronze, KafkaOffsets.none(), run);
        new SilverLoader(spark, config, run).loadAll();

        assertTrue(Arrays.asList(((StructType) spark.table(bronze).schema().apply("after").dataType()).fieldNames()).contains("commission_rate"));
        List<Row> silver = spark.sql("SELECT id, name, commission_rate FROM evolving.silver.categories ORDER BY id").collectAsList();
        assertEquals(List.of("1|beverages|0.0300", "2|snacks|0.0400"),
                silver.stream().map(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(2)).toList());
        assertEquals(3, spark.table(bronze).count(), "bronze keeps every change, old and new shape");
    }
}
