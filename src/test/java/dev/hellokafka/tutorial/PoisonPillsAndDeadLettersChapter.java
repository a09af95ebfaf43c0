package dev.hellokafka.tutorial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ListTheDeadLetters;
import dev.hellokafka.programs.ProcessReadings;
import dev.hellokafka.programs.SendReadings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class PoisonPillsAndDeadLettersChapter {

    private static final Pattern PROCESSED = Pattern.compile("(?m)^processed offset (\\d+): (-?\\d+)$");

    private final Broker broker;
    private final Recorder recorder;

    PoisonPillsAndDeadLettersChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("a record the consumer cannot deserialize is reported, set aside, and skipped")
    void poisonPill() throws Exception {
        long first = endOffset("readings"); // 0 on a new broker; later where earlier runs sent readings
        long firstParked = endOffset("readings-dead-letters");
        String sent = ProgramRun.run(SendReadings.class, broker);
        ProgramRun processor = ProgramRun.start(ProcessReadings.class, broker);
        processor.awaitPrinted("processed offset " + (first + 4) + ":");
        String processed = processor.stop();
        String listed = ProgramRun.run(ListTheDeadLetters.class, broker);
        recorder.output("readings", sent);
        recorder.output("poison-pill", processed);
        recorder.output("dead-letters", listed);

        Map<Long, Integer> byOffset = new TreeMap<>();
        Matcher m = PROCESSED.matcher(processed);
        List<Long> offsets = new ArrayList<>();
        while (m.find()) {
            long offset = Long.parseLong(m.group(1));
            if (offset >= first) { // on a used cluster the group may have had older readings to read
                offsets.add(offset);
                byOffset.put(offset, Integer.parseInt(m.group(2)));
            }
        }
        assertEquals(
                Map.of(first, 10, first + 1, 20, first + 3, 30, first + 4, 40),
                byOffset,
                "every valid record was processed, past the bad one: " + processed);
        assertEquals(4, offsets.size(), "each exactly once: " + processed);
        assertTrue(
                processed.contains("RecordDeserializationException at readings-0, offset " + (first + 2)
                        + ": its VALUE cannot be read"),
                processed);

        List<ConsumerRecord<byte[], byte[]>> parked = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                Fixtures.<byte[], byte[]>readAll(bytesConsumerProps(), "readings-dead-letters")) {
            if (record.offset() >= firstParked) {
                parked.add(record);
            }
        }
        assertEquals(1, parked.size(), "the bad record went to the dead-letter topic");
        assertArrayEquals("n/a".getBytes(UTF_8), parked.get(0).value(), "with its bytes as they were");
        assertTrue(
                listed.strip()
                        .endsWith("offset " + firstParked + ": 'n/a' from readings-0@" + (first + 2)
                                + ", unreadable: VALUE"),
                "and the report shows it, with where it came from: " + listed);
    }

    private long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0;
            }
            throw e;
        }
    }

    private Properties bytesConsumerProps() {
        Properties props = broker.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
