package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a query on the platform's Trino (catalogs iceberg: the warehouse, marketplace: the live database, read-only) and print a table.",
        footer = {"", "Examples:", "  wos sql \"SELECT day, sum(gmv) FROM iceberg.gold.daily_gmv GROUP BY day ORDER BY day DESC LIMIT 7\"",
                "  wos sql \"SELECT * FROM iceberg.milestones.today\""})
final class SqlCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "One SQL statement (Trino's dialect).")
    String query;

    @Option(names = "--json", description = "A JSON array of rows (objects by column name) instead of the table.")
    boolean json;

    @Option(names = "--max-rows", defaultValue = "1000", description = "Rows printed at most (default ${DEFAULT-VALUE}); the rest are counted.")
    int maxRows;

    @Override
    public Integer call() throws Exception {
        if (maxRows < 1) throw new IllegalArgumentException("--max-rows must be >= 1");
        PrintWriter out = spec.commandLine().getOut();
        try (Connection trino = MilestonesCommand.TrinoSession.connect(options.client()); Statement st = trino.createStatement()) {
            boolean hasRows;
            try {
                hasRows = st.execute(query.strip().replaceAll(";+$", ""));
            } catch (SQLException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 1;
            }
            if (!hasRows) {
                out.println("OK" + (st.getUpdateCount() >= 0 ? " (" + st.getUpdateCount() + " rows)" : ""));
                return 0;
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<String[]> rows = new ArrayList<>();
                String[] header = new String[n];
                for (int i = 0; i < n; i++) header[i] = md.getColumnLabel(i + 1);
                ArrayNode array = new ObjectMapper().createArrayNode();
                long total = 0;
                while (rs.next()) {
                    total++;
                    if (total > maxRows) continue;
                    String[] row = new String[n];
                    ObjectNode o = array.addObject();
                    for (int i = 0; i < n; i++) {
                        Object v = rs.getObject(i + 1);
                        row[i] = v == null ? "NULL" : v instanceof BigDecimal d ? d.toPlainString() : v.toString();
                        if (v == null) o.putNull(header[i]);
                        else if (v instanceof BigDecimal d) o.put(header[i], d.toPlainString());
                        else if (v instanceof Number || v instanceof Boolean) o.putPOJO(header[i], v);
                        else o.put(header[i], v.toString());
                    }
                    rows.add(row);
                }
                if (json) {
                    out.println(new ObjectMapper().writeValueAsString(array));
                } else {
                    out.print(table(header, rows, md));
                    out.printf("(%d row%s%s)%n", total, total == 1 ? "" : "s", total > maxRows ? ", " + maxRows + " shown" : "");
                    out.flush();
                }
            }
        }
        return 0;
    }

    /** Columns padded to their widest value; numbers right-aligned. */
    static String table(String[] header, List<String[]> rows, ResultSetMetaData md) throws SQLException {
        int n = header.length;
        int[] width = new int[n];
        boolean[] numeric = new boolean[n];
        for (int i = 0; i < n; i++) {
            width[i] = header[i].length();
            int type = md.getColumnType(i + 1);
            numeric[i] = type == java.sql.Types.BIGINT || type == java.sql.Types.INTEGER || type == java.sql.Types.DECIMAL
                    || type == java.sql.Types.DOUBLE || type == java.sql.Types.REAL || type == java.sql.Types.SMALLINT || type == java.sql.Types.TINYINT;
        }
        for (String[] r : rows) for (int i = 0; i < n; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder b = new StringBuilder();
        appendRow(b, header, width, new boolean[n]);
        String[] rule = new String[n];
        for (int i = 0; i < n; i++) rule[i] = "-".repeat(width[i]);
        appendRow(b, rule, width, new boolean[n]);
        for (String[] r : rows) appendRow(b, r, width, numeric);
        return b.toString();
    }

    private static void appendRow(StringBuilder b, String[] cells, int[] width, boolean[] right) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(String.format("%" + (right[i] ? "" : "-") + width[i] + "s", cells[i])).append(i + 1 < cells.length ? " | " : "");
        }
        b.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
}
