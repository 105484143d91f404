package com.wholesaleos.platform.dlq;

import com.wholesaleos.topics.TopicReader;
import com.wholesaleos.schemas.PlatformTopic;
import com.wholesaleos.schemas.ReleasedSchemas;
import com.wholesaleos.schemas.dlq.DeadLetter;
import com.wholesaleos.schemas.dlq.DeadLetterReplay;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.message.BinaryMessageDecoder;

/** The dead letters on {@code wos.dlq}, each with its id (partition-offset) and what its replays did ({@code wos.dlq.replays}). */
public final class DeadLetterInbox {
    /** One dead letter and its replay state: pending (never replayed), replayed, resubmitted, or failed (with attempts). */
    public record Entry(String id, DeadLetter letter, String state, int attempts, String lastError) {
        public byte[] payload() { return bytes(letter.getPayload()); }
        public byte[] key() { return bytes(letter.getKey()); }
    }

    private DeadLetterInbox() {}

    public static List<Entry> read(String bootstrap) {
        BinaryMessageDecoder<DeadLetterReplay> replayDecoder = DeadLetterReplay.createDecoder(ReleasedSchemas.store());
        Map<String, DeadLetterReplay> replays = new LinkedHashMap<>();
        TopicReader.readAll(bootstrap, PlatformTopic.DEAD_LETTER_REPLAYS.topic(), (id, r) -> {
            try {
                DeadLetterReplay s = replayDecoder.decode(r.value());
                replays.put(s.getDeadLetterId(), s);
            } catch (IOException e) {
                // an undecodable state record: the letter shows as pending
            }
        });
        BinaryMessageDecoder<DeadLetter> decoder = DeadLetter.createDecoder(ReleasedSchemas.store());
        List<Entry> out = new ArrayList<>();
        TopicReader.readAll(bootstrap, PlatformTopic.DEAD_LETTER.topic(), (id, r) -> {
            DeadLetter d;
            try {
                d = decoder.decode(r.value());
            } catch (IOException e) {
                d = DeadLetter.newBuilder().setStage("?").setReason("undecodable dead letter: " + e.getMessage()).setFailedAtMs(r.timestamp()).build();
            }
            DeadLetterReplay s = replays.get(id);
            out.add(new Entry(id, d, s == null ? "pending" : s.getState(), s == null ? 0 : s.getAttempts(), s == null ? null : s.getLastError()));
        });
        return out;
    }

    public static Optional<Entry> find(String bootstrap, String id) {
        return read(bootstrap).stream().filter(e -> e.id().equals(id)).findFirst();
    }


    static byte[] bytes(ByteBuffer b) {
        if (b == null) return null;
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
