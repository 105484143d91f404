package com.wholesaleos.streaming.gmv;

import com.wholesaleos.streaming.cdc.CdcRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the GMV definition needs to know about one order, and which of its GMV entries were already emitted.
 *
 * <p>GMV definition: an order's line values count at the commit time of its confirmation; a cancellation after
 * confirmation reverses them at the cancellation's commit time; each refund of a confirmed order (partial or
 * full) reverses its amount, attributed to the refunded line's category, at the refund's commit time. A cancelled
 * order nets to zero: refunds of it are given back at the later of their own and the cancellation's commit time.
 *
 * <p>Orders, lines and refunds arrive on three topics with no order between them, and at least once. The ledger
 * therefore derives the full set of entries from what it knows, each with an identity ({@code c:line},
 * {@code x:line}, {@code r:refund}) and a time taken from the change that caused it, and emits each entry once.
 * The result does not depend on arrival order or on replays. Changes of one row are de-duplicated by LSN.
 */
public final class OrderLedger {
    private static final Set<String> CONFIRMED_OR_LATER = Set.of("confirmed", "shipped", "delivered", "refunded");
    private static final int FORMAT = 1;

    private record Line(long categoryId, BigDecimal lineTotal, long lsn) {}
    private record Refund(int lineNo, BigDecimal amount, long commitTimeMs) {}

    private boolean orderKnown;
    private long orderLsn = -1;
    private long regionId;
    private String segment;
    private String currency;
    private long confirmedAtMs = -1;
    private long cancelledAtMs = -1;
    private final TreeMap<Integer, Line> lines = new TreeMap<>();
    private final TreeMap<Long, Refund> refunds = new TreeMap<>();
    private final Set<String> emitted = new HashSet<>();

    /** Applies one change and returns the entries it newly makes due (empty for duplicates). */
    public List<GmvEntry> apply(CdcRecord change) {
        switch (change.kind) {
            case CdcRecord.ORDER -> {
                if (change.lsn <= orderLsn || "DELETE".equals(change.op)) return List.of();
                orderLsn = change.lsn;
                orderKnown = true;
                regionId = change.regionId;
                segment = change.segment;
                currency = change.currency;
                if (confirmedAtMs < 0 && CONFIRMED_OR_LATER.contains(change.status)) confirmedAtMs = change.commitTimeMs;
                if ("cancelled".equals(change.status) && cancelledAtMs < 0 && confirmedAtMs >= 0) cancelledAtMs = change.commitTimeMs;
            }
            case CdcRecord.ITEM -> {
                Line known = lines.get(change.lineNo);
                if ((known != null && change.lsn <= known.lsn) || "DELETE".equals(change.op)) return List.of();
                lines.put(change.lineNo, new Line(change.categoryId, change.amount, change.lsn));
            }
            case CdcRecord.REFUND -> {
                if (refunds.containsKey(change.refundId) || "DELETE".equals(change.op)) return List.of();
                refunds.put(change.refundId, new Refund(change.lineNo, change.amount, change.commitTimeMs));
            }
            default -> throw new IllegalArgumentException("not an order change: " + change.kind);
        }
        return due(change.commitTimeMs);
    }

    private List<GmvEntry> due(long triggerCommitTimeMs) {
        if (!orderKnown || confirmedAtMs < 0) return List.of();
        List<GmvEntry> out = new ArrayList<>();
        for (var e : lines.entrySet()) {
            Line l = e.getValue();
            emit(out, "c:" + e.getKey(), confirmedAtMs, l.categoryId, l.lineTotal, triggerCommitTimeMs);
            if (cancelledAtMs >= 0) emit(out, "x:" + e.getKey(), cancelledAtMs, l.categoryId, l.lineTotal.negate(), triggerCommitTimeMs);
        }
        for (var e : refunds.entrySet()) {
            Refund r = e.getValue();
            Line l = lines.get(r.lineNo);
            if (l == null) continue;
            emit(out, "r:" + e.getKey(), r.commitTimeMs, l.categoryId, r.amount.negate(), triggerCommitTimeMs);
            // A cancelled order nets to zero: its full line values are reversed, so earlier refunds are given back.
            if (cancelledAtMs >= 0) {
                emit(out, "xr:" + e.getKey(), Math.max(r.commitTimeMs, cancelledAtMs), l.categoryId, r.amount, triggerCommitTimeMs);
            }
        }
        return out;
    }

    private void emit(List<GmvEntry> out, String id, long at, long categoryId, BigDecimal amount, long trigger) {
        if (emitted.add(id)) out.add(new GmvEntry(at, regionId, categoryId, segment, currency, amount, trigger));
    }

    // ---- state encoding: explicit and versioned, so Flink state never falls back to Kryo ----

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(FORMAT);
            out.writeBoolean(orderKnown);
            out.writeLong(orderLsn);
            out.writeLong(regionId);
            out.writeUTF(segment == null ? "" : segment);
            out.writeUTF(currency == null ? "" : currency);
            out.writeLong(confirmedAtMs);
            out.writeLong(cancelledAtMs);
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
                out.writeLong(e.getValue().commitTimeMs);
            }
            out.writeInt(emitted.size());
            for (String id : emitted) out.writeUTF(id);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static OrderLedger fromBytes(byte[] data) {
        OrderLedger l = new OrderLedger();
        if (data == null) return l;
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            int format = in.readByte();
            if (format != FORMAT) throw new IllegalStateException("unknown order ledger state format " + format);
            l.orderKnown = in.readBoolean();
            l.orderLsn = in.readLong();
            l.regionId = in.readLong();
            l.segment = emptyToNull(in.readUTF());
            l.currency = emptyToNull(in.readUTF());
            l.confirmedAtMs = in.readLong();
            l.cancelledAtMs = in.readLong();
            for (int i = in.readInt(); i > 0; i--) {
                int line = in.readInt();
                l.lines.put(line, new Line(in.readLong(), readDecimal(in), in.readLong()));
            }
            for (int i = in.readInt(); i > 0; i--) {
                long id = in.readLong();
                l.refunds.put(id, new Refund(in.readInt(), readDecimal(in), in.readLong()));
            }
            for (int i = in.readInt(); i > 0; i--) l.emitted.add(in.readUTF());
            return l;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String emptyToNull(String s) { return s.isEmpty() ? null : s; }

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
