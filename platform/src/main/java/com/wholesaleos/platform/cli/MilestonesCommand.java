package com.wholesaleos.platform.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.wholesaleos.config.WosConfig;
import com.wholesaleos.platform.milestones.MilestoneTable;
import com.wholesaleos.warehouse.milestone.MilestoneReport;
import com.wholesaleos.warehouse.milestone.MilestoneRefresh;
import com.wholesaleos.warehouse.trino.TrinoEndpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "milestones", mixinStandardHelpOptions = true,
        description = "The growth plan's milestones through Trino: per phase and metric target, actual, progress, 30-day trend, projected date, status; and each region's rollout readiness.")
final class MilestonesCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--json", description = "One JSON object instead of the table.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        WosConfig config = options.client();
        MilestoneReport report;
        MilestoneRefresh.Freshness freshness;
        try (Connection trino = TrinoSession.connect(config)) {
            // A reader: warehouse_hourly's milestones task is the one writer of these tables.
            freshness = MilestoneRefresh.freshness(trino, config);
            if (!freshness.materialized()) throw new IllegalStateException(freshness.describe());
            report = MilestoneReport.read(trino);
        }
        if (!freshness.current()) spec.commandLine().getErr().println("note: " + freshness.describe());
        if (json) {
            ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
            com.fasterxml.jackson.databind.node.ObjectNode out = mapper.valueToTree(report);
            out.put("warehouse_run", freshness.warehouseRun().orElse(null));
            out.put("inputs_current", freshness.current());
            spec.commandLine().getOut().println(mapper.writeValueAsString(out));
        } else {
            spec.commandLine().getOut().println(freshness.describe());
            spec.commandLine().getOut().print(MilestoneTable.render(report));
            spec.commandLine().getOut().flush();
        }
        return 0;
    }

    /** A Trino connection, or one plain message when nothing answers at the platform's Trino. */
    static final class TrinoSession {
        private TrinoSession() {}

        static Connection connect(WosConfig config) {
            try {
                Connection c = TrinoEndpoint.connect(config);
                c.createStatement().executeQuery("SELECT 1").close();
                return c;
            } catch (SQLException e) {
                throw new IllegalStateException("cannot query Trino at " + TrinoEndpoint.url(config) + " (" + e.getMessage()
                        + "). Is the platform running (./wos up) with the trino stage, or is trino.url set?");
            }
        }
    }
}
