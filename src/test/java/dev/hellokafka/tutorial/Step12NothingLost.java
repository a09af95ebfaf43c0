package dev.hellokafka.tutorial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Step 12 · Nothing lost")
@ExtendWith(Tutorial.class)
class Step12NothingLost {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Broker broker;
    private final Docs docs;

    Step12NothingLost(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
    }

    @Test
    @Order(1)
    @DisplayName("a producer with acks=all learns of every record the broker has stored, or of its failure")
    void acknowledgedWrites() throws Exception {
        String topic = "payments-" + UUID.randomUUID(); // new per run: its offsets start at 0
        Setup.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));

        // Callbacks run on the producer's I/O thread, in send order for each partition.
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        // tag::safe-producer[]
        Properties props = new Properties();
        // end::safe-producer[]
        props.putAll(broker.clientProperties());
        // tag::safe-producer[]
        props.put(ProducerConfig.ACKS_CONFIG, "all"); // stored by every in-sync replica
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // a retried send is stored once
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000); // after 60 s, report the failure
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 1; i <= 10; i++) {
                String value = "payment " + i;
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.add(value + " stored at offset " + metadata.offset());
                    } else {
                        failed.add(value + " NOT stored: " + error.getMessage()); // retry, alert, or stop
                    }
                });
            }
            producer.flush(); // waits until every send has been acknowledged or has failed
        }
        // end::safe-producer[]
        docs.output(
                "acknowledged",
                String.join("\n", acknowledged) + "\nacknowledged: " + acknowledged.size() + ", failed: "
                        + failed.size());
        assertEquals(List.of(), failed, "no send failed");
        assertEquals(10, acknowledged.size(), "every record was acknowledged");
    }

    @Test
    @Order(2)
    @DisplayName("a consumer that dies before committing is replaced, and its records are processed again")
    void atLeastOnce() throws Exception {
        String topic = "payments-" + UUID.randomUUID();
        Setup.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(Setup.stringProducerProps(broker))) {
            for (int i = 1; i <= 10; i++) {
                producer.send(new ProducerRecord<>(topic, "payment " + i)).get(30, TimeUnit.SECONDS);
            }
        }
        String group = "payment-processors-" + UUID.randomUUID();
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<Long, Integer> timesProcessed = new TreeMap<>(); // by offset
        List<List<Object>> rows = new ArrayList<>();

        try (Consumer<String, String> consumer = new KafkaConsumer<>(processorProps(group))) {
            consumer.subscribe(List.of(topic));
            // tag::commit-after-processing[]
            ConsumerRecords<String, String> records = pollSomething(consumer);
            for (ConsumerRecord<String, String> record : records) {
                process(record, timesProcessed);
            }
            consumer.commitSync(); // only now does the group's position move past these records
            // end::commit-after-processing[]
            for (ConsumerRecord<String, String> record : pollSomething(consumer)) {
                process(record, timesProcessed);
            }
            // The consumer stops here, before commitSync(): these records are processed, not committed.
            rows.add(List.of(
                    "first consumer, then it stops", processed(timesProcessed), committed(consumer, partition)));
        }

        try (Consumer<String, String> replacement = new KafkaConsumer<>(processorProps(group))) {
            replacement.subscribe(List.of(topic));
            int before = processed(timesProcessed);
            await("the replacement to process the rest of the partition")
                    .pollInSameThread()
                    .atMost(PATIENCE)
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : replacement.poll(Duration.ofMillis(100))) {
                            process(record, timesProcessed);
                        }
                        replacement.commitSync();
                        return timesProcessed.size() == 10;
                    });
            rows.add(List.of(
                    "replacement, same group", processed(timesProcessed) - before, committed(replacement, partition)));
        }

        long twice = timesProcessed.values().stream().filter(n -> n > 1).count();
        docs.table("at-least-once", List.of("consumer", "records processed", "committed offset after"), rows);
        docs.output(
                "duplicates",
                "records in the topic:       10\n"
                        + "processed at least once:    " + timesProcessed.size() + "\n"
                        + "processed more than once:   " + twice);
        assertEquals(10, timesProcessed.size(), "every record was processed at least once");
        assertTrue(timesProcessed.values().stream().allMatch(n -> n <= 2), "none more than twice");
        assertEquals(4, twice, "the four records processed but not committed by the first consumer");
    }

    @Test
    @Order(3)
    @DisplayName("a broker stopped and started again on the same data still has every record")
    void brokerRestart(@TempDir Path dataDir) throws Exception {
        List<String> lines = new ArrayList<>();
        String topic = "ledger";
        int port;
        String clusterId;
        // tag::restart[]
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(0, dataDir)) {
            // create the topic ledger and write five records with acks=all
            // end::restart[]
            Broker own = Broker.at(first.bootstrapServers());
            Setup.createTopicsIfAbsent(own, new NewTopic(topic, 1, (short) 1));
            try (Producer<String, String> producer = new KafkaProducer<>(Setup.stringProducerProps(own))) {
                for (int i = 1; i <= 5; i++) {
                    producer.send(new ProducerRecord<>(topic, "entry " + i)).get(30, TimeUnit.SECONDS);
                }
            }
            port = first.port();
            clusterId = first.clusterId();
            lines.add("broker started on an empty data directory: cluster " + clusterId);
            lines.add("records written and acknowledged: 5");
            // tag::restart[]
        } // the broker shuts down; its data directory stays
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(port, dataDir)) {
            // read ledger from its first offset
            // end::restart[]
            Broker own = Broker.at(again.bootstrapServers());
            List<String> values = Setup.<String, String>readAll(Setup.stringConsumerProps(own), topic).stream()
                    .map(ConsumerRecord::value)
                    .toList();
            lines.add("broker stopped, and started again on the same port and data directory");
            lines.add("cluster " + again.clusterId() + " (the same as before: " + clusterId.equals(again.clusterId())
                    + ")");
            lines.add("records read back from the start of " + topic + ": " + values.size());
            docs.output("restart", String.join("\n", lines));
            assertEquals(clusterId, again.clusterId(), "the restarted broker is the same cluster");
            assertEquals(
                    List.of("entry 1", "entry 2", "entry 3", "entry 4", "entry 5"),
                    values,
                    "every record survived the restart, in order");
            // tag::restart[]
        }
        // end::restart[]
    }

    // tag::processor[]
    private Properties processorProps(String group) {
        Properties props = new Properties();
        // end::processor[]
        props.putAll(broker.clientProperties());
        // tag::processor[]
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // the code commits, after processing
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4); // small batches, to see them
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }
    // end::processor[]

    /** Processing, for this chapter: count how often each record was seen. */
    private static void process(ConsumerRecord<String, String> record, Map<Long, Integer> timesProcessed) {
        timesProcessed.merge(record.offset(), 1, Integer::sum);
    }

    private static int processed(Map<Long, Integer> timesProcessed) {
        return timesProcessed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The group's committed offset: the next record the group will be given. */
    private static long committed(Consumer<String, String> consumer, TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? 0 : committed.offset();
    }

    private static ConsumerRecords<String, String> pollSomething(Consumer<String, String> consumer) {
        List<ConsumerRecords<String, String>> got = new ArrayList<>();
        await("a batch of records").pollInSameThread().atMost(PATIENCE).until(() -> {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                got.add(records);
            }
            return !got.isEmpty();
        });
        return got.get(0);
    }
}
