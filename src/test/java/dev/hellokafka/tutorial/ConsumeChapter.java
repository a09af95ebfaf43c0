package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidGroupIdException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class ConsumeChapter {

    private final Broker broker;
    private final Recorder recorder;

    @BeforeAll
    static void theTopicHoldsThePostsRecords(Broker broker) throws Exception {
        SampleTopic.ensureHoldsThePostsRecords(broker);
    }

    ConsumeChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    @Test
    @Order(1)
    @DisplayName("subscribe() needs a group.id")
    void subscribeNeedsAGroup() {
        Properties consumerProps = consumerProps();
        // tag::subscribe-without-group[]
        InvalidGroupIdException noGroup = null;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("sample"));
        } catch (InvalidGroupIdException e) {
            noGroup = e; // subscribe() refuses at once: a consumer without a group.id cannot join one
        }
        // end::subscribe-without-group[]
        assertInstanceOf(InvalidGroupIdException.class, noGroup, "subscribe() without a group is refused");
        recorder.output("subscribe-without-group", noGroup.getClass().getName() + ": " + noGroup.getMessage());
    }

    @Test
    @Order(2)
    @DisplayName("a consumer that is already listening receives a record sent after it started")
    void aListeningConsumerReceivesNewRecords() throws Exception {
        Properties consumerProps = consumerProps();
        Properties producerProps = Fixtures.stringProducerProps(broker);
        // tag::listen[]
        List<ConsumerRecord<String, String>> printed = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            consumer.assign(List.of(partition)); // no group.id: the consumer picks its partitions itself
            consumer.position(partition); // fixes where it starts: the end of the log ("latest"), now

            // The second terminal: a producer sends while the consumer listens.
            try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
                producer.send(new ProducerRecord<>("sample", "message-three", "Sent while the consumer was listening"))
                        .get();
            }

            long deadline = System.currentTimeMillis() + 10_000; // listen until a record came, or 10 s
            while (printed.isEmpty() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> message : consumer.poll(Duration.ofMillis(100))) {
                    printed.add(message); // where the post does print(message)
                }
            }
        }
        // end::listen[]
        printed.forEach(r -> recorder.registerRunValue(String.valueOf(r.timestamp()), "<timestamp>"));
        recorder.output(
                "printed", printed.stream().map(ConsumerRecord::toString).collect(Collectors.joining("\n")));
        assertEquals(
                List.of("message-three"),
                printed.stream().map(ConsumerRecord::key).toList(),
                "the listening consumer should print the record sent after it started, and only that one");
        assertEquals(endOfLog(consumerProps) - 1, printed.get(0).offset(), "the newest record of sample");
    }

    @Test
    @Order(3)
    @DisplayName("a consumer without a group, started late, skips the records already there")
    void aLateConsumerMissesEarlierRecords() {
        Properties consumerProps = consumerProps();
        // tag::late[]
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            consumer.assign(List.of(partition));
            long startsAt = consumer.position(partition);
            long endOfLog = consumer.endOffsets(List.of(partition)).get(partition);
            long firstRecord = consumer.beginningOffsets(List.of(partition)).get(partition);
            int received = consumer.poll(Duration.ofMillis(500)).count();
            // end::late[]
            recorder.output(
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
        Properties consumerProps = consumerProps();
        long endOfLog = endOfLog(consumerProps);
        // tag::earliest[]
        consumerProps.put(
                ConsumerConfig.GROUP_ID_CONFIG, "hello-" + UUID.randomUUID()); // a new group: no committed offsets
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // so it starts at the first record
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer group protocol: step 20
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("sample"));
            TopicPartition partition = new TopicPartition("sample", 0);
            // An application polls for ever; this loop stops once it has read up to the end of the log.
            long deadline = System.currentTimeMillis() + 30_000;
            while (!consumer.assignment().contains(partition)
                    || consumer.position(partition)
                            < consumer.endOffsets(List.of(partition)).get(partition)) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("read " + records.size() + " records of sample in 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        // end::earliest[]
        recorder.output(
                "earliest",
                records.stream()
                        .map(r -> String.format("offset %d  key=%-13s value=%s", r.offset(), r.key(), r.value()))
                        .collect(Collectors.joining("\n")));

        assertEquals(
                beginningOfLog(consumerProps),
                records.get(0).offset(),
                "the group starts at the first record still kept");
        assertEquals(endOfLog - 1, records.get(records.size() - 1).offset(), "and reads up to the last one");
        try (Consumer<String, String> sameGroup = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            long committed =
                    sameGroup.committed(Set.of(partition)).get(partition).offset();
            recorder.output("committed", "the group's committed offset for sample-0: " + committed);
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
        String bootstrapServers = broker.bootstrapServers();
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProps.putAll(broker.securitySettings());
        // tag::internal[]
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> listed = admin.listTopics().names().get();
            Set<String> all = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            // end::internal[]
            recorder.output(
                    "internal",
                    String.join(
                            "\n",
                            "listTopics():                 " + new TreeSet<>(listed),
                            "listTopics(listInternal=true): " + new TreeSet<>(all)));

            assertTrue(all.contains("__consumer_offsets"), "a group has committed offsets, so the topic exists");
            assertFalse(listed.contains("__consumer_offsets"), "but it is hidden unless asked for");
            // tag::internal[]
        }
        // end::internal[]
    }

    private static long endOfLog(Properties consumerProps) {
        return offsets(consumerProps, true);
    }

    private static long beginningOfLog(Properties consumerProps) {
        return offsets(consumerProps, false);
    }

    private static long offsets(Properties consumerProps, boolean end) {
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("sample", 0);
            Map<TopicPartition, Long> offsets =
                    end ? consumer.endOffsets(List.of(partition)) : consumer.beginningOffsets(List.of(partition));
            return offsets.get(partition);
        }
    }
}
