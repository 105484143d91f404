package com.wholesaleos.platform.milestones;

import static org.junit.jupiter.api.Assertions.*;

import com.wholesaleos.warehouse.milestone.MilestoneReport;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class MilestoneTableTest {
    @Test
    void barsFillWithProgressAndStayFullPastTheTarget() {
        assertEquals("[##########..........]  50%", MilestoneTable.bar(0.5));
        assertEquals("[....................]   0%", MilestoneTable.bar(0.0));
        assertEquals("[####################] 164%", MilestoneTable.bar(1.64));
        assertEquals("", MilestoneTable.bar(null));
    }

    @Test
    void figuresReadAsTheirUnit() {
        assertEquals("$1,234,568", MilestoneTable.figure(new BigDecimal("1234567.89"), "USD"));
        assertEquals("40.0%", MilestoneTable.figure(new BigDecimal("0.4000"), "ratio"));
        assertEquals("4.33", MilestoneTable.figure(new BigDecimal("4.3300"), "stars"));
        assertEquals("2,000", MilestoneTable.figure(new BigDecimal("2000.0000"), "count"));
        assertEquals("+1.5 pt", MilestoneTable.trend(new BigDecimal("0.015"), "ratio"));
        assertEquals("-$10", MilestoneTable.trend(new BigDecimal("-10.00"), "USD"));
    }

    @Test
    void anUnmeasuredMetricShowsNoFigureAndNoBar() {
        var m = new MilestoneReport.Milestone("MVP", 6, LocalDate.parse("2026-10-30"), "uptime", "Uptime", "ratio", new BigDecimal("0.995"), null, null,
                null, null, null, "not measured");
        String text = MilestoneTable.render(new MilestoneReport(LocalDate.parse("2026-11-30"), LocalDate.parse("2026-04-30"), List.of(m), List.of()));
        String line = text.lines().filter(l -> l.startsWith("MVP")).findFirst().orElseThrow();
        assertTrue(line.contains("99.5%") && line.endsWith("not measured") && !line.contains("#") && !line.contains("["), line);
    }
}
