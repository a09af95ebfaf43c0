package dev.hellokafka.tutorial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Step 6 · Consume the records")
@ExtendWith(Tutorial.class)
class Step06ConsumeTheRecords {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final Broker broker;
    private final Docs docs;
    private final Properties props = new Properties();

    @BeforeAll
    static void theTopicHoldsThePostsRecords(Broker broker) throws Exception {
        SampleTopic.ensureHoldsThePostsRecords(broker);
    }

    Step06ConsumeTheRecords(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer[]
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer[]
        props.putAll(broker.securitySettings());
    }

    @Test
    @Order(1)
    @DisplayName("subscribe() needs a group.id")
    void subscribeNeedsAGroup() {
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            // tag::subscribe-without-group[]
            InvalidGroupIdException noGroup =
                    assertThrows(InvalidGroupIdException.class, () -> consumer.subscribe(List.of("sample")));
            // end::subscribe-without-group[]
            docs.output("subscribe-without-group", noGroup.getClass().getName() + ": " + noGroup.getMessage());
        }
    }

    @Test
    @Order(2)
    @DisplayName("a consumer that is already listening receives a record sent after it started")
    void aListeningConsumerReceivesNewRecords() throws Exception {
        List<ConsumerRecord<String, String>> printed = new CopyOnWriteArrayList<>();
        AtomicBoolean listening = new AtomicBoolean(true);
        AtomicBoolean ready = new AtomicBoolean();
        ExecutorService firstTerminal = Executors.newSingleThreadExecutor();
        Future<?> consumerLoop = firstTerminal.submit(() -> {
            // tag::listen[]
            try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
                TopicPartition partition = new TopicPartition("sample", 0);
                consumer.assign(List.of(partition)); // no group.id: the consumer picks its partitions itself
                consumer.position(partition); // where it starts: the end of the log ("latest")
                // end::listen[]
                ready.set(true);
                // tag::listen[]
                while (listening.get()) {
                    for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofMillis(100))) {
                        printed.add(message); // where the post does print(message)
                    }
                }
            }
            // end::listen[]
            return null;
        });
        try {
            await("the listening consumer to know where it starts")
                    .atMost(PATIENCE)
                    .untilTrue(ready);

            RecordMetadata sent = send("message-three", "Sent while the consumer was listening");

            await("the listening consumer to print the record sent at offset " + sent.offset())
                    .atMost(PATIENCE)
                    .until(() -> printed.stream().anyMatch(r -> r.offset() == sent.offset()));
            docs.output(
                    "printed", printed.stream().map(ConsumerRecord::toString).collect(Collectors.joining("\n")));
            assertEquals(
                    1, printed.size(), "the listening consumer should print only the record sent after it started");
        } finally {
            listening.set(false);
            consumerLoop.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            firstTerminal.shutdownNow();
        }
    }

    @Test
    @Order(3)
    @DisplayName("a consumer without a group, started late, skips the records already there")
    void aLateConsumerMissesEarlierRecords() {
        // tag::late[]
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            consumer.assign(List.of(partition));
            long startsAt = consumer.position(partition);
            long endOfLog = consumer.endOffsets(List.of(partition)).get(partition);
            long firstRecord = consumer.beginningOffsets(List.of(partition)).get(partition);
            int received = consumer.poll(Duration.ofMillis(500)).count();
            // end::late[]
            docs.output(
                    "late",
                    String.join(
                            "\n",
                            "records in sample:      offsets " + firstRecord + " to " + (endOfLog - 1),
                            "the consumer starts at: offset " + startsAt,
                            "records received:       " + received));

            assertTrue(endOfLog > firstRecord, "sample should already hold records");
            assertEquals(endOfLog, startsAt, "with auto.offset.reset=latest the consumer starts after the last record");
            assertEquals(0, received, "so none of the records already there reach it");
            // tag::late[]
        }
        // end::late[]
    }

    @Test
    @Order(4)
    @DisplayName("a new group with auto.offset.reset=earliest reads every record from the first")
    void aNewGroupReadsFromTheBeginning() {
        long endOfLog = endOfLog();
        // tag::earliest[]
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "hello-" + UUID.randomUUID()); // a new group: no committed offsets
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // so it starts at the first record
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of("sample"));
            // In an application this is a plain `while (true)` loop; the tutorial stops once it has read it all.
            await().pollInSameThread().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return !records.isEmpty() && records.get(records.size() - 1).offset() >= endOfLog - 1;
            });
        }
        // end::earliest[]
        docs.output(
                "earliest",
                records.stream()
                        .map(r -> String.format("offset %d  key=%-13s value=%s", r.offset(), r.key(), r.value()))
                        .collect(Collectors.joining("\n")));

        assertEquals(records.get(0).offset(), beginningOfLog(), "the group starts at the first record still kept");
        try (Consumer<String, String> sameGroup = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            long committed =
                    sameGroup.committed(Set.of(partition)).get(partition).offset();
            docs.output("committed", "the group's committed offset for sample-0: " + committed);
            assertEquals(endOfLog, committed, "closing the consumer committed what it had read");
        }
        assertTrue(
                records.stream().anyMatch(r -> r.key() == null && r.value().equals("Hello, World!")),
                "the value-only Hello, World! record is read");
        assertTrue(
                records.stream().anyMatch(r -> "message-two".equals(r.key())), "the keyed message-two record is read");
    }

    @Test
    @Order(5)
    @DisplayName("the group's offsets live in an internal topic that listTopics() leaves out")
    void internalTopicsAreHiddenUnlessAskedFor() throws Exception {
        try (Admin admin = Admin.create(props)) {
            // tag::internal[]
            Set<String> listed = admin.listTopics().names().get();
            Set<String> all = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            // end::internal[]
            docs.output(
                    "internal",
                    String.join(
                            "\n",
                            "listTopics():                 " + new TreeSet<>(listed),
                            "listTopics(listInternal=true): " + new TreeSet<>(all)));

            assertTrue(all.contains("__consumer_offsets"), "a group has committed offsets, so the topic exists");
            assertFalse(listed.contains("__consumer_offsets"), "but it is hidden unless asked for");
        }
    }

    private RecordMetadata send(String key, String value) throws Exception {
        try (Producer<String, String> producer = new KafkaProducer<>(Setup.stringProducerProps(broker))) {
            return producer.send(new ProducerRecord<>("sample", key, value))
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        }
    }

    private long endOfLog() {
        return offsets(true);
    }

    private long beginningOfLog() {
        return offsets(false);
    }

    private long offsets(boolean end) {
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            Map<TopicPartition, Long> offsets =
                    end ? consumer.endOffsets(List.of(partition)) : consumer.beginningOffsets(List.of(partition));
            return offsets.get(partition);
        }
    }
}
