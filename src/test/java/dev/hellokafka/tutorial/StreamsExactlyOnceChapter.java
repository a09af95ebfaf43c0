package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.CountTheWordsExactlyOnce;
import dev.hellokafka.programs.SendEosLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The word count of the Streams API chapter under processing.guarantee=exactly_once_v2. */
@ExtendWith(TutorialExtension.class)
class StreamsExactlyOnceChapter {

    private static final Map<String, Long> ADDED =
            Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L);

    private final Broker broker;
    private final Recorder recorder;

    StreamsExactlyOnceChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("Kafka Streams: the word count with processing.guarantee=exactly_once_v2")
    void streamsExactlyOnce() throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("eos-word-counts", 1, (short) 1));
        Properties countsProps = broker.clientProperties();
        countsProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        countsProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        countsProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
        List<ConsumerRecord<String, Long>> earlier = Fixtures.readAll(countsProps, "eos-word-counts");
        long endBefore = Fixtures.endOffset(broker, "eos-word-counts");
        Map<String, Long> expected = new TreeMap<>();
        earlier.forEach(r -> expected.put(r.key(), r.value()));
        ADDED.forEach((word, added) -> expected.merge(word, added, Long::sum));

        Fixtures.forgetLocalState("word-count-eos"); // a first run of the application on this machine
        ProgramRun application = ProgramRun.start(CountTheWordsExactlyOnce.class, broker);
        application.awaitPrinted("Ctrl-C stops.");
        recorder.output("eos-lines", ProgramRun.run(SendEosLines.class, broker));
        List<ConsumerRecord<String, Long>> updates = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        TopicPartition partition = new TopicPartition("eos-word-counts", 0);
        try (Consumer<String, Long> consumer = new KafkaConsumer<>(Fixtures.forChecks(countsProps))) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, endBefore);
            Poll.until("the exactly-once counts " + expected, Duration.ofSeconds(60), () -> {
                for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(100))) {
                    updates.add(r);
                    counts.put(r.key(), r.value());
                }
                return counts.keySet().containsAll(ADDED.keySet())
                        && ADDED.keySet().stream().allMatch(w -> counts.get(w).equals(expected.get(w)));
            });
        }
        String counted = application.stop();
        recorder.output("streams", counted);
        long endAfter = Fixtures.endOffset(broker, "eos-word-counts");
        // What a reader runs to see them: Kafka's console consumer, reading committed records only.
        KafkaTool.Result consumed = KafkaTool.run(
                broker,
                "kafka-console-consumer.sh",
                ConsoleConsumer::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                "eos-word-counts",
                "--from-beginning",
                "--isolation-level",
                "read_committed",
                "--formatter-property",
                "print.key=true",
                "--formatter-property",
                "value.deserializer=org.apache.kafka.common.serialization.LongDeserializer",
                "--max-messages",
                "9",
                "--timeout-ms",
                "30000");
        recorder.output("streams-counts", consumed.transcript());
        assertEquals(0, consumed.exitCode(), consumed.transcript());
        assertEquals(9, updates.size(), "one committed update per word of the three lines");
        assertTrue(
                endAfter - endBefore > updates.size(),
                "the output was written in transactions: their markers take offsets");
    }
}
