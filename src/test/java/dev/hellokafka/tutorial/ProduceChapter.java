package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.ProduceTheRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class ProduceChapter {

    private final Broker broker;
    private final Recorder recorder;

    ProduceChapter(Broker broker, Recorder recorder) throws Exception {
        this.broker = broker;
        this.recorder = recorder;
        SampleTopic.ensureExists(broker);
    }

    @Test
    @DisplayName("send returns where each record landed: partition, offset, timestamp")
    void sendTheTwoRecords() throws Exception {
        TopicPartition partition = new TopicPartition("sample", 0);
        long end;
        try (Admin admin = Admin.create(broker.clientProperties())) {
            end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(partition)
                    .offset();
        }
        String printed = ProgramRun.run(ProduceTheRecords.class, broker);

        List<ConsumerRecord<String, String>> stored = readFrom(partition, end, 2);
        stored.forEach(r -> recorder.registerRunValue(String.valueOf(r.timestamp()), "<timestamp>"));
        recorder.output("sent", printed);
        assertEquals(
                List.of("null=Hello, World!", "message-two=This is the Java client"),
                stored.stream().map(r -> r.key() + "=" + r.value()).toList(),
                "the two records are in the topic, one after the other, where the program said");
        assertEquals(
                List.of(
                        "Hello, World! -> partition 0, offset " + end,
                        "message-two: This is the Java client -> partition 0, offset " + (end + 1)),
                printed.lines()
                        .map(l -> l.replaceFirst(", timestamp .*", "").replaceAll("\\s+", " "))
                        .toList(),
                "and the program printed those places");
    }

    /** The records of the partition from this offset on, as many as asked for. */
    private List<ConsumerRecord<String, String>> readFrom(TopicPartition partition, long offset, int count) {
        try (Consumer<String, String> consumer = new KafkaConsumer<>(Fixtures.stringConsumerProps(broker))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            Poll.until("the " + count + " records from " + partition + "@" + offset, () -> {
                consumer.poll(Duration.ofMillis(100)).records(partition).forEach(read::add);
                return read.size() >= count;
            });
            return read.subList(0, count);
        }
    }
}
