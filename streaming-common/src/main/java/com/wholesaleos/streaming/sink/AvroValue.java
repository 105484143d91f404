package com.wholesaleos.streaming.sink;

import java.nio.ByteBuffer;

/** A record value for Kafka from a generated contract's {@code toByteBuffer()} (Avro single-object encoding). */
public final class AvroValue {
    private AvroValue() {}

    public static byte[] bytes(ByteBuffer encoded) {
        byte[] out = new byte[encoded.remaining()];
        encoded.get(out);
        return out;
    }
}
