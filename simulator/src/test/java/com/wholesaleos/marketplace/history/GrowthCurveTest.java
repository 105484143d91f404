package com.wholesaleos.marketplace.history;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.time.Month;
import org.junit.jupiter.api.Test;

/** The growth plan's curve: anchors exactly, monotone in between, GMV from zero at launch. */
class GrowthCurveTest {
    private final GrowthCurve curve = new GrowthCurve();

    @Test
    void hitsEveryAnchorExactly() {
        for (GrowthCurve.Anchor a : GrowthCurve.ANCHORS) {
            assertEquals(a.manufacturers(), curve.manufacturers(a.month()), "manufacturers at month " + a.month());
            assertEquals(a.retailers(), curve.retailers(a.month()), "retailers at month " + a.month());
            assertEquals(a.distributors(), curve.distributors(a.month()), "distributors at month " + a.month());
            assertEquals(0, a.cumulativeGmv().compareTo(curve.cumulativeGmv(a.month())), "GMV at month " + a.month());
        }
        // The plan's own figures, spelled out once more.
        assertEquals(500, curve.retailers(6));
        assertEquals(1_000, curve.manufacturers(18));
        assertEquals(300, curve.distributors(24));
        assertEquals(0, new BigDecimal("30000000.00").compareTo(curve.cumulativeGmv(18)));
        assertEquals(0, new BigDecimal("500000000.00").compareTo(curve.cumulativeGmv(36)));
        assertEquals(0, BigDecimal.ZERO.compareTo(curve.cumulativeGmv(0)));
    }

    @Test
    void growsMonotonicallyIncludingBeyondTheLastAnchor() {
        for (double m = 0.25; m <= 48; m += 0.25) {
            assertTrue(curve.retailers(m) >= curve.retailers(m - 0.25), "retailers at " + m);
            assertTrue(curve.manufacturers(m) >= curve.manufacturers(m - 0.25), "manufacturers at " + m);
            assertTrue(curve.distributors(m) >= curve.distributors(m - 0.25), "distributors at " + m);
            assertTrue(curve.cumulativeGmv(m).compareTo(curve.cumulativeGmv(m - 0.25)) > 0, "GMV at " + m);
        }
        assertTrue(curve.retailers(48) > 100_000);
    }

    @Test
    void interpolatesLogLinearlyBetweenAnchors() {
        // Halfway from 2,000 (month 12) to 10,000 (month 18) in log space is the geometric mean.
        assertEquals(Math.round(Math.sqrt(2_000.0 * 10_000.0)), curve.retailers(15));
        assertEquals(Math.round(Math.sqrt(5_000_000.0 * 30_000_000.0)), curve.cumulativeGmv(15).doubleValue(), 1.0);
    }

    @Test
    void monthlyGmvAddsUpToTheAnchorsAndGrows() {
        BigDecimal sum = BigDecimal.ZERO;
        for (int m = 0; m < 18; m++) {
            assertTrue(curve.gmvInMonth(m).signum() > 0, "month " + m);
            if (m > 0) assertTrue(curve.gmvInMonth(m).compareTo(curve.gmvInMonth(m - 1)) > 0, "month " + m + " grows");
            sum = sum.add(curve.gmvInMonth(m));
            if (m == 5) assertEquals(0, new BigDecimal("500000.00").compareTo(sum));
            if (m == 11) assertEquals(0, new BigDecimal("5000000.00").compareTo(sum));
        }
        assertEquals(0, new BigDecimal("30000000.00").compareTo(sum));
    }

    @Test
    void seasonalityAveragesOneAndPeaksInDecember() {
        double sum = 0;
        double max = 0;
        Month peak = null;
        for (Month m : Month.values()) {
            double f = Seasonality.factor(m);
            assertTrue(f > 0.8 && f < 1.3, m + " " + f);
            sum += f;
            if (f > max) {
                max = f;
                peak = m;
            }
        }
        assertEquals(12, sum, 1e-9);
        assertEquals(Month.DECEMBER, peak);
        assertTrue(Seasonality.factor(Month.APRIL) < 0.95, "spring is the trough");
    }
}
