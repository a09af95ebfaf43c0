package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
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
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class NothingLostChapter {

    private final Broker broker;
    private final Recorder recorder;

    NothingLostChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    private static Properties adminProps(Broker broker) {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        return adminProps;
    }

    private static Properties producerProps(Broker broker) {
        String bootstrapServers = broker.bootstrapServers();
        // tag::safe-producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all"); // stored by every in-sync replica
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true); // a retried send is stored once
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000); // after 60 s, report the failure
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::safe-producer-props[]
        producerProps.putAll(broker.securitySettings());
        return producerProps;
    }

    private static Properties consumerProps(Broker broker) {
        String bootstrapServers = broker.bootstrapServers();
        // tag::processor-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer group protocol: step 20
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // the code commits, after processing
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4); // small batches, to see them
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::processor-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    /** Creates the topic, and returns once it takes writes; one there already (an earlier run of the code) is fine. */
    // tag::create-topic[]
    static void createTopic(Properties adminProps, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // A leader takes writes once it has made its copy of the partition, a moment after the create returns,
            // and answers listOffsets from then on. Writing sooner can fail sends on Kafka 4.3 (KAFKA-15591).
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    admin.listOffsets(partitions).all().get();
                    break;
                } catch (ExecutionException e) {
                    // A broker that has not heard of the topic yet says so; the admin client retries the rest.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }
    // end::create-topic[]

    @Test
    @Order(1)
    @DisplayName("a producer with acks=all learns of every record the broker has stored, or of its failure")
    void acknowledgedWrites() throws Exception {
        String topic = "payments-" + UUID.randomUUID(); // new per run: its offsets start at 0
        Properties adminProps = adminProps(broker);
        Properties producerProps = producerProps(broker);
        // tag::safe-producer[]
        createTopic(adminProps, new NewTopic(topic, 1, (short) 1));
        // Callbacks run on the producer's I/O thread, so the lists they fill must be safe to share.
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<String> failed = Collections.synchronizedList(new ArrayList<>());
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
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
        recorder.output(
                "acknowledged",
                String.join("\n", acknowledged) + "\nacknowledged: " + acknowledged.size() + ", failed: "
                        + failed.size());
        assertEquals(List.of(), failed, "no send failed");
        assertEquals(10, acknowledged.size(), "every record was acknowledged");
    }

    @Test
    @Order(2)
    @DisplayName("min.insync.replicas counts at most the copies a topic has: on one broker, two change nothing")
    void minInsyncReplicasOnOneBroker() throws Exception {
        Properties adminProps = adminProps(broker);
        Properties producerProps = producerProps(broker);
        // tag::min-insync[]
        String twoCopies = "payments-two-copies"; // asks for two in-sync copies, but has only one
        createTopic(
                adminProps,
                new NewTopic(twoCopies, 1, (short) 1).configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        RecordMetadata stored;
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) { // acks=all, as above
            stored =
                    producer.send(new ProducerRecord<>(twoCopies, "payment 11")).get();
        }
        // end::min-insync[]
        String minInsync;
        int copies;
        try (Admin admin = Admin.create(adminProps)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, twoCopies);
            minInsync = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG)
                    .value();
            copies = admin.describeTopics(List.of(twoCopies))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(twoCopies)
                    .partitions()
                    .get(0)
                    .replicas()
                    .size();
        }
        recorder.output(
                "min-insync",
                "topic " + twoCopies + ": replication factor " + copies + ", min.insync.replicas=" + minInsync
                        + "\nan acks=all send: stored at offset " + stored.offset());
        assertEquals("2", minInsync, "the topic asks for two in-sync copies");
        assertEquals(
                1,
                copies,
                "it has one, and yet get() above returned: the broker counts min.insync.replicas"
                        + " only up to the replication factor (a refusal would have thrown NotEnoughReplicasException)");
    }

    @Test
    @Order(3)
    @DisplayName("a consumer that dies before committing is replaced, and its records are processed again")
    void atLeastOnce() throws Exception {
        String topic = "payments-" + UUID.randomUUID();
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(Fixtures.stringProducerProps(broker))) {
            for (int i = 1; i <= 10; i++) {
                producer.send(new ProducerRecord<>(topic, "payment " + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Properties consumerProps = consumerProps(broker);
        TopicPartition partition = new TopicPartition(topic, 0);
        List<List<Object>> rows = new ArrayList<>();
        int before;

        // tag::at-least-once[]
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "payment-processors-" + UUID.randomUUID());
        Map<Long, Integer> timesProcessed = new TreeMap<>(); // by offset: how often each record was processed
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(topic));
            process(nextBatch(consumer), timesProcessed);
            consumer.commitSync(); // only now does the group's position move past these records
            process(nextBatch(consumer), timesProcessed);
            // end::at-least-once[]
            rows.add(List.of(
                    "first consumer, then it stops", processed(timesProcessed), committed(consumer, partition)));
            before = processed(timesProcessed);
            // tag::at-least-once[]
        } // the first consumer stops before committing its second batch, as a process does when it crashes

        try (Consumer<String, String> replacement = new KafkaConsumer<>(consumerProps)) {
            replacement.subscribe(List.of(topic)); // the same group: it starts from the committed offset
            while (timesProcessed.size() < 10) { // until each of the 10 payments was processed at least once
                process(nextBatch(replacement), timesProcessed);
                replacement.commitSync();
            }
            // end::at-least-once[]
            rows.add(List.of(
                    "replacement, same group", processed(timesProcessed) - before, committed(replacement, partition)));
            // tag::at-least-once[]
        }
        // end::at-least-once[]

        long twice = timesProcessed.values().stream().filter(n -> n > 1).count();
        recorder.table("at-least-once", List.of("consumer", "records processed", "committed offset after"), rows);
        recorder.output(
                "duplicates",
                "records in the topic:       10\n"
                        + "processed at least once:    " + timesProcessed.size() + "\n"
                        + "processed more than once:   " + twice);
        assertEquals(10, timesProcessed.size(), "every record was processed at least once");
        assertTrue(timesProcessed.values().stream().allMatch(n -> n <= 2), "none more than twice");
        assertEquals(4, twice, "the four records processed but not committed by the first consumer");
    }

    // tag::processing[]
    /** Polls until a batch arrives, for at most 30 s. */
    static ConsumerRecords<String, String> nextBatch(Consumer<String, String> consumer) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                return records;
            }
        }
        throw new IllegalStateException("no records within 30 s");
    }

    /** Processing, for this chapter: count how often each record was seen. */
    static void process(ConsumerRecords<String, String> records, Map<Long, Integer> timesProcessed) {
        for (ConsumerRecord<String, String> record : records) {
            timesProcessed.merge(record.offset(), 1, Integer::sum);
        }
    }
    // end::processing[]

    @Test
    @Order(4)
    @DisplayName("a broker stopped and started again on the same data still has every record")
    void brokerRestart(@TempDir Path dataDir) throws Exception {
        List<String> lines = new ArrayList<>();
        List<String> values;
        String clusterId;
        // A broker of this step's own, because it is stopped and started, as a reader would do by hand.
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(0, dataDir);
        int port = first.port();
        try {
            clusterId = first.clusterId();
            recorder.registerRunValue(clusterId, "<the restarted broker's cluster id>");
            writeTheLedger(Broker.at(first.bootstrapServers()));
            lines.add("broker started on an empty data directory: cluster " + clusterId);
            lines.add("records written and acknowledged: 5");
        } finally {
            first.close(); // what kafka-server-stop.sh does; the data directory stays
        }
        try (EmbeddedKafkaBroker again = EmbeddedKafkaBroker.start(port, dataDir)) {
            values = readTheLedger(Broker.at(again.bootstrapServers()));
            lines.add("broker stopped, and started again on the same port and data directory");
            lines.add("cluster " + again.clusterId() + " (the same as before: " + clusterId.equals(again.clusterId())
                    + ")");
            lines.add("records read back from the start of ledger: " + values.size());
            assertEquals(clusterId, again.clusterId(), "the restarted broker is the same cluster");
        }
        recorder.output("restart", String.join("\n", lines));
        assertEquals(
                List.of("entry 1", "entry 2", "entry 3", "entry 4", "entry 5"),
                values,
                "every record survived the restart, in order");
    }

    private static void writeTheLedger(Broker own) throws Exception {
        Properties adminProps = adminProps(own);
        Properties producerProps = producerProps(own);
        // tag::write-ledger[]
        createTopic(adminProps, new NewTopic("ledger", 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 5; i++) {
                producer.send(new ProducerRecord<>("ledger", "entry " + i)).get(); // acks=all, as above
            }
        }
        // end::write-ledger[]
    }

    private static List<String> readTheLedger(Broker own) {
        Properties consumerProps = consumerProps(own);
        // tag::read-ledger[]
        List<String> ledger = new ArrayList<>();
        try (Consumer<String, String> reader = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition("ledger", 0);
            reader.assign(List.of(partition)); // no group: read the partition from its first offset
            reader.seekToBeginning(List.of(partition));
            long end = reader.endOffsets(List.of(partition)).get(partition);
            while (reader.position(partition) < end) {
                nextBatch(reader).forEach(record -> ledger.add(record.value()));
            }
        }
        // end::read-ledger[]
        return ledger;
    }

    private static int processed(Map<Long, Integer> timesProcessed) {
        return timesProcessed.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** The group's committed offset: the next record the group will be given. */
    private static long committed(Consumer<String, String> consumer, TopicPartition partition) {
        OffsetAndMetadata committed = consumer.committed(Set.of(partition)).get(partition);
        return committed == null ? 0 : committed.offset();
    }
}
