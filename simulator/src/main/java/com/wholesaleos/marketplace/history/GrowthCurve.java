package com.wholesaleos.marketplace.history;

import com.wholesaleos.marketplace.simulator.GrowthPhase;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * The growth plan as a curve over plan months (month 0 = launch): network size and cumulative GMV at the plan's
 * anchors, interpolated log-linearly between them (growth is multiplicative, so a straight line in log space is the
 * natural in-between) and extrapolated past the last anchor at its last segment's rate.
 *
 * <p>Cumulative GMV starts at zero, which a log-linear segment cannot reach; from launch to the MVP anchor it grows as
 * the integral of a retailer base growing at that segment's rate: {@code C(t) = C(6) · (e^{kt} − 1) / (e^{6k} − 1)}.
 */
public final class GrowthCurve {

    /** A milestone of the growth plan: network size at a month and GMV transacted from launch to it. */
    public record Anchor(int month, int manufacturers, int retailers, int distributors, BigDecimal cumulativeGmv) {}

    public static final List<Anchor> ANCHORS = List.of(
            new Anchor(0, 5, 20, 2, BigDecimal.ZERO),
            anchor(GrowthPhase.MVP, "500000"),
            anchor(GrowthPhase.PHASE_1, "5000000"),
            anchor(GrowthPhase.PHASE_2, "30000000"),
            anchor(GrowthPhase.PHASE_3, "100000000"),
            anchor(GrowthPhase.PHASE_4, "500000000"));

    /** A phase's end: its network size (declared with the phase) and the GMV transacted from launch to it. */
    private static Anchor anchor(GrowthPhase phase, String cumulativeGmv) {
        return new Anchor(phase.planMonth, phase.manufacturers, phase.retailers, phase.distributors, new BigDecimal(cumulativeGmv));
    }

    private interface Measure {
        double of(Anchor a);
    }

    public GrowthCurve() {}

    /** Manufacturers onboarded by plan month {@code month} (fractional months interpolate). */
    public long manufacturers(double month) {
        return Math.round(logLinear(month, Anchor::manufacturers));
    }

    public long retailers(double month) {
        return Math.round(logLinear(month, Anchor::retailers));
    }

    public long distributors(double month) {
        return Math.round(logLinear(month, Anchor::distributors));
    }

    /** GMV transacted from launch up to plan month {@code month}, to the cent. */
    public BigDecimal cumulativeGmv(double month) {
        double value;
        Anchor launch = ANCHORS.get(0);
        Anchor mvp = ANCHORS.get(1);
        if (month <= launch.month()) {
            value = 0;
        } else if (month < mvp.month()) {
            double k = Math.log((double) mvp.retailers() / launch.retailers()) / mvp.month();
            value = mvp.cumulativeGmv().doubleValue() * Math.expm1(k * month) / Math.expm1(k * mvp.month());
        } else {
            value = logLinear(month, a -> a.cumulativeGmv().doubleValue(), 1);
        }
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** GMV the plan expects within plan month {@code m}, i.e. from month m to m + 1. */
    public BigDecimal gmvInMonth(int m) {
        return cumulativeGmv(m + 1).subtract(cumulativeGmv(m));
    }

    private static double logLinear(double month, Measure measure) {
        return logLinear(month, measure, 0);
    }

    /** Log-linear through the anchors from {@code firstAnchor} on; before it the first anchor's value, after the last its rate. */
    private static double logLinear(double month, Measure measure, int firstAnchor) {
        Anchor first = ANCHORS.get(firstAnchor);
        if (month <= first.month()) return measure.of(first);
        for (int i = firstAnchor + 1; i < ANCHORS.size(); i++) {
            Anchor to = ANCHORS.get(i);
            if (month == to.month()) return measure.of(to); // anchors exactly, free of rounding in pow
            if (month < to.month() || i == ANCHORS.size() - 1) {
                Anchor from = ANCHORS.get(i - 1);
                double share = (month - from.month()) / (to.month() - from.month());
                return measure.of(from) * Math.pow(measure.of(to) / measure.of(from), share);
            }
        }
        throw new AssertionError("unreachable");
    }
}
