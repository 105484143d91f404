package com.wholesaleos.streaming.gmv;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the GMV definition needs to know about one order, and what of it has already been counted.
 *
 * <p>GMV definition: an order's line values count at the time of its first status at or after confirmation; a
 * cancellation after that reverses them at the cancellation's time; each refund of a confirmed order (partial or
 * full) reverses its amount, attributed to the refunded line's category, at the refund's time. A cancelled order
 * nets to zero: refunds of it are given back at the later of their own and the cancellation's time. Times are the
 * marketplace's business times ({@link CdcRecord#businessTimeMs}).
 *
 * <p>Orders, lines and refunds arrive on three topics with no order between them, at least once, and (after any
 * repartitioning) possibly out of order even for one order. So the ledger keeps the facts (status changes by LSN,
 * lines, refunds), derives the entries that should count, each with an identity ({@code c:line}, {@code x:line},
 * {@code r:refund}, {@code xr:refund}), and emits only the difference from what it already counted: new entries,
 * and a retraction plus the corrected entry when an earlier fact arrives late and moves one. The sum over emitted
 * entries is therefore independent of arrival order and replays.
 */
public final class OrderLedger {
    private static final Set<String> CONFIRMED_OR_LATER = Set.of("confirmed", "shipped", "delivered", "refunded");
    private static final int FORMAT = 2;

    private record Line(long categoryId, BigDecimal lineTotal, long lsn) {}
    private record StatusChange(String status, long atMs) {}
    private record Refund(int lineNo, BigDecimal amount, long atMs) {}
    /** A counted amount, with the time and dimensions it was counted under (what a retraction must undo). */
    private record Counted(long atMs, long regionId, long categoryId, String segment, String currency, BigDecimal amount) {}

    private final TreeMap<Long, StatusChange> statuses = new TreeMap<>();
    private long regionId;
    private String segment;
    private String currency;
    private final TreeMap<Integer, Line> lines = new TreeMap<>();
    private final TreeMap<Long, Refund> refunds = new TreeMap<>();
    private TreeMap<String, Counted> counted = new TreeMap<>();

    /** Applies one change and returns the entries (and retractions) it makes due; empty for duplicates. */
    public List<GmvEntry> apply(CdcRecord change) {
        if ("DELETE".equals(change.op)) return List.of(); // the core service never deletes orders, lines or refunds
        validate(change); // before anything changes: a rejected change leaves the ledger as it was
        switch (change.kind) {
            case CdcRecord.ORDER -> {
                if (statuses.containsKey(change.lsn)) return List.of();
                statuses.put(change.lsn, new StatusChange(change.status, change.businessTimeMs));
                if (statuses.lastKey() == change.lsn) { // the newest state names the dimensions
                    regionId = change.regionId;
                    segment = change.segment;
                    currency = change.currency;
                }
            }
            case CdcRecord.ITEM -> {
                Line known = lines.get(change.lineNo);
                if (known != null && change.lsn <= known.lsn) return List.of();
                lines.put(change.lineNo, new Line(change.categoryId, change.amount, change.lsn));
            }
            case CdcRecord.REFUND -> {
                if (refunds.containsKey(change.refundId)) return List.of();
                refunds.put(change.refundId, new Refund(change.lineNo, change.amount, change.businessTimeMs));
            }
            default -> throw new IllegalArgumentException("not an order change: " + change.kind);
        }
        return reconcile(change.commitTimeMs);
    }

    /**
     * When this order can no longer change GMV, if it is settled: at its cancellation, or a refund window after its
     * delivery (refunds are the only change a delivered order still sees). Its state can go after that.
     */
    public java.util.OptionalLong settlesAtMs(long refundWindowMs) {
        for (StatusChange s : statuses.values()) {
            if ("cancelled".equals(s.status)) return java.util.OptionalLong.of(s.atMs);
            if ("delivered".equals(s.status)) return java.util.OptionalLong.of(s.atMs + refundWindowMs);
        }
        return java.util.OptionalLong.empty();
    }

    private static void validate(CdcRecord c) {
        String missing = switch (c.kind == null ? "" : c.kind) {
            case CdcRecord.ORDER -> c.status == null ? "status" : c.currency == null ? "currency" : c.segment == null ? "segment" : null;
            case CdcRecord.ITEM, CdcRecord.REFUND -> c.amount == null ? "amount" : null;
            default -> "kind (not an order change: " + c.kind + ")";
        };
        if (missing != null) throw new IllegalArgumentException("order change without " + missing + ": " + c);
    }

    /** What should count given the facts known now. */
    private TreeMap<String, Counted> shouldCount() {
        TreeMap<String, Counted> out = new TreeMap<>();
        // Confirmation: the first change (by LSN) to a confirmed-or-later status; cancellation: the first after it.
        long confirmedAtMs = -1;
        long cancelledAtMs = -1;
        for (StatusChange s : statuses.values()) {
            if (confirmedAtMs < 0 && CONFIRMED_OR_LATER.contains(s.status)) {
                confirmedAtMs = s.atMs;
            } else if (confirmedAtMs >= 0 && "cancelled".equals(s.status)) {
                cancelledAtMs = s.atMs;
                break;
            }
        }
        if (confirmedAtMs < 0) return out;
        for (var e : lines.entrySet()) {
            Line l = e.getValue();
            out.put("c:" + e.getKey(), counted(confirmedAtMs, l.categoryId, l.lineTotal));
            if (cancelledAtMs >= 0) out.put("x:" + e.getKey(), counted(cancelledAtMs, l.categoryId, l.lineTotal.negate()));
        }
        for (var e : refunds.entrySet()) {
            Refund r = e.getValue();
            Line l = lines.get(r.lineNo);
            if (l == null) continue;
            out.put("r:" + e.getKey(), counted(r.atMs, l.categoryId, r.amount.negate()));
            if (cancelledAtMs >= 0) out.put("xr:" + e.getKey(), counted(Math.max(r.atMs, cancelledAtMs), l.categoryId, r.amount));
        }
        return out;
    }

    private Counted counted(long at, long categoryId, BigDecimal amount) {
        return new Counted(at, regionId, categoryId, segment, currency, amount);
    }

    private List<GmvEntry> reconcile(long triggerCommitTimeMs) {
        TreeMap<String, Counted> target = shouldCount();
        List<GmvEntry> out = new ArrayList<>();
        for (Map.Entry<String, Counted> e : counted.entrySet()) {
            Counted now = target.get(e.getKey());
            if (now == null || !same(now, e.getValue())) out.add(entry(e.getValue(), true, triggerCommitTimeMs));
        }
        for (Map.Entry<String, Counted> e : target.entrySet()) {
            Counted before = counted.get(e.getKey());
            if (before == null || !same(before, e.getValue())) out.add(entry(e.getValue(), false, triggerCommitTimeMs));
        }
        counted = target;
        return out;
    }

    private static boolean same(Counted a, Counted b) {
        return a.atMs == b.atMs && a.regionId == b.regionId && a.categoryId == b.categoryId && java.util.Objects.equals(a.segment, b.segment)
                && java.util.Objects.equals(a.currency, b.currency) && a.amount.compareTo(b.amount) == 0;
    }

    private static GmvEntry entry(Counted c, boolean retract, long trigger) {
        return new GmvEntry(c.atMs, c.regionId, c.categoryId, c.segment, c.currency, retract ? c.amount.negate() : c.amount, trigger);
    }

    // ---- state encoding: explicit and versioned, so Flink state never falls back to Kryo ----
    // Format 2 keeps the facts only: what was counted is always what the facts say should count (reconcile() makes it
    // so after every change), so it is derived again on restore instead of being stored and snapshotted per order.

    private static final List<String> STATUS_CODES = List.of("placed", "confirmed", "shipped", "delivered", "cancelled", "refunded");

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeLong(regionId);
            writeString(out, segment);
            writeString(out, currency);
            out.writeInt(statuses.size());
            for (var e : statuses.entrySet()) {
                out.writeLong(e.getKey());
                int code = STATUS_CODES.indexOf(e.getValue().status);
                out.writeByte(code);
                if (code < 0) out.writeUTF(e.getValue().status);
                out.writeLong(e.getValue().atMs);
            }
            out.writeInt(lines.size());
            for (var e : lines.entrySet()) {
                out.writeInt(e.getKey());
                out.writeLong(e.getValue().categoryId);
                writeDecimal(out, e.getValue().lineTotal);
                out.writeLong(e.getValue().lsn);
            }
            out.writeInt(refunds.size());
            for (var e : refunds.entrySet()) {
                out.writeLong(e.getKey());
                out.writeInt(e.getValue().lineNo);
                writeDecimal(out, e.getValue().amount);
                out.writeLong(e.getValue().atMs);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads format 2, and format 1 (which also stored what was counted: equal to what its facts say, so skipped). */
    public static OrderLedger fromBytes(byte[] data) {
        OrderLedger l = new OrderLedger();
        if (data == null) return l;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != 1 && format != FORMAT) throw new IllegalStateException("unknown order ledger state format " + format);
            l.regionId = in.readLong();
            l.segment = readString(in);
            l.currency = readString(in);
            for (int i = in.readInt(); i > 0; i--) {
                long lsn = in.readLong();
                String status;
                if (format == 1) {
                    status = in.readUTF();
                } else {
                    int code = in.readByte();
                    status = code < 0 ? in.readUTF() : STATUS_CODES.get(code);
                }
                l.statuses.put(lsn, new StatusChange(status, in.readLong()));
            }
            for (int i = in.readInt(); i > 0; i--) {
                int line = in.readInt();
                l.lines.put(line, new Line(in.readLong(), readDecimal(in), in.readLong()));
            }
            for (int i = in.readInt(); i > 0; i--) {
                long id = in.readLong();
                l.refunds.put(id, new Refund(in.readInt(), readDecimal(in), in.readLong()));
            }
            l.counted = l.shouldCount();
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        out.writeUTF(s == null ? "" : s);
    }

    private static String readString(DataInputStream in) throws IOException {
        String s = in.readUTF();
        return s.isEmpty() ? null : s;
    }

    private static void writeDecimal(DataOutputStream out, BigDecimal d) throws IOException {
        byte[] unscaled = d.unscaledValue().toByteArray();
        out.writeInt(d.scale());
        out.writeShort(unscaled.length);
        out.write(unscaled);
    }

    private static BigDecimal readDecimal(DataInputStream in) throws IOException {
        int scale = in.readInt();
        byte[] unscaled = new byte[in.readShort()];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), scale);
    }
}
