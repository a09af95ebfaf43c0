package dev.hellokafka.tutorial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.CheckTheCluster;
import dev.hellokafka.programs.ListTheDeadLetters;
import dev.hellokafka.programs.ProcessReadings;
import dev.hellokafka.programs.SendReadings;
import dev.hellokafka.programs.WriteTheJournal;
import java.time.Duration;
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
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class WhenThingsFailChapter {

    /** Far more than the half second each call is given: a bound on a hang, not a measurement. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private static final Pattern PROCESSED = Pattern.compile("(?m)^processed offset (\\d+): (-?\\d+)$");

    private final Broker broker;
    private final Recorder recorder;

    WhenThingsFailChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("clients pointed at a broker that is not there fail within their timeouts")
    void noBroker() throws Exception {
        long start = System.nanoTime();
        String printed = ProgramRun.run(CheckTheCluster.class, Broker.at("localhost:1")); // no broker on port 1
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        recorder.output("no-broker", printed);

        List<String> lines = printed.lines().toList();
        assertEquals(
                List.of(
                        "producer send, max.block.ms=500:",
                        "consumer poll(500 ms):",
                        "consumer partitionsFor, default.api.timeout.ms=500:",
                        "admin listTopics, default.api.timeout.ms=500:"),
                lines.stream()
                        .filter(l -> !l.startsWith(" ") && l.endsWith(":"))
                        .toList(),
                printed);
        assertEquals(
                List.of("TimeoutException", "no exception, 0 records", "TimeoutException", "TimeoutException"),
                lines.stream()
                        .filter(l -> l.startsWith("  "))
                        .map(l -> l.strip().replaceFirst(":.*", ""))
                        .toList(),
                "poll returned nothing; every other call gave up with a TimeoutException: " + printed);
        assertTrue(took.compareTo(NO_HANG) < 0, "no call hung: the program took " + took);
    }

    @Test
    @Order(2)
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

    @Test
    @Order(3)
    @DisplayName("a producer whose broker goes away reports every record that did not make it")
    void brokerGoesAway() throws Exception {
        String printed;
        // A broker of this test's own, because it is stopped halfway, as a reader would stop theirs by hand.
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            ProgramRun journal = ProgramRun.startWithInput(WriteTheJournal.class, Broker.at(own.bootstrapServers()));
            journal.awaitPrinted("Ctrl-D ends.");
            for (int i = 1; i <= 10; i++) {
                journal.type("entry " + i);
            }
            journal.awaitPrinted("entry 10 stored at offset 9");
            own.close(); // what kafka-server-stop.sh, or Ctrl-C, does
            for (int i = 11; i <= 13; i++) { // typed one by one: each waits for the outcome of the one before
                journal.type("entry " + i);
                journal.awaitPrinted("entry " + i + " NOT stored");
            }
            journal.endInput(); // Ctrl-D
            printed = journal.awaitEnd();
        }
        recorder.output("broker-goes-away", printed);

        assertTrue(
                printed.strip()
                        .endsWith("entries sent:     13\n"
                                + "stored:           10\n"
                                + "reported failed:  3 {TimeoutException=3}\n"
                                + "unaccounted for:  0"),
                "every entry accounted for: the ten sent while the broker ran stored, the three after it stopped"
                        + " reported failed, as timeouts: " + printed);
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
