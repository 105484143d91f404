package com.wholesaleos.streaming.gmv;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer of {@link OrderLedger}, in the ledger's own versioned format. With the heap state backend
 * the ledger lives in state as an object: it is encoded at checkpoints (and copied while one runs), not on every
 * change as a byte[] state would be.
 */
public final class OrderLedgerSerializer extends TypeSerializerSingleton<OrderLedger> {
    public static final OrderLedgerSerializer INSTANCE = new OrderLedgerSerializer();

    @Override
    public boolean isImmutableType() { return false; }

    @Override
    public OrderLedger createInstance() { return new OrderLedger(); }

    @Override
    public OrderLedger copy(OrderLedger from) { return OrderLedger.fromBytes(from.toBytes()); }

    @Override
    public OrderLedger copy(OrderLedger from, OrderLedger reuse) { return copy(from); }

    @Override
    public int getLength() { return -1; }

    @Override
    public void serialize(OrderLedger record, DataOutputView target) throws IOException {
        byte[] bytes = record.toBytes();
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public OrderLedger deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        return OrderLedger.fromBytes(bytes);
    }

    @Override
    public OrderLedger deserialize(OrderLedger reuse, DataInputView source) throws IOException { return deserialize(source); }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<OrderLedger> snapshotConfiguration() { return new Snapshot(); }

    /** The ledger's byte format carries its own version, so the serializer's snapshot has nothing to add. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OrderLedger> {
        public Snapshot() { super(() -> INSTANCE); }
    }
}
