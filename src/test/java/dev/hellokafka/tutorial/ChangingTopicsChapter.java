package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.admin.ConfigCommand;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class ChangingTopicsChapter {

    private static final List<String> ERROR_HEADER = List.of("request", "exception", "message");

    private final Broker broker;
    private final Recorder recorder;

    ChangingTopicsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    private Properties adminProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        return adminProps;
    }

    private Properties producerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        return producerProps;
    }

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    // tag::helpers[]
    /**
     * Creates the topic, and returns once it takes writes: the create returns when the controller has stored the
     * topic, and a broker learns of it from the metadata log a moment later. One that is there already (an earlier
     * run of the code) is fine.
     */
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

    /** The values of partition 0, from its first offset to its end, read without a group. */
    static List<String> readPartition(Properties consumerProps, String topic) {
        List<String> values = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "at offset " + consumer.position(partition) + " of " + end + " after 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }

    /** The first offset partition 0 still has. */
    static long logStartOffset(Admin admin, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.earliest()))
                .partitionResult(partition)
                .get()
                .offset();
    }
    // end::helpers[]

    @Test
    @Order(1)
    @DisplayName("adding partitions moves keys: a key's partition is its hash modulo the partition count")
    void addPartitions() throws Exception {
        String topic = Fixtures.nameForThisRun(broker, "customers");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        // tag::add-partitions[]
        createTopic(adminProps, new NewTopic(topic, 2, (short) 1));
        Map<String, Integer> before = new LinkedHashMap<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 8; i++) {
                String key = "customer-" + i;
                before.put(
                        key,
                        producer.send(new ProducerRecord<>(topic, key, "address, version 1"))
                                .get()
                                .partition());
            }
        }
        try (Admin admin = Admin.create(adminProps)) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(3)))
                    .all()
                    .get();
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic)
                            .partitions()
                            .size()
                    < 3) {
                if (System.currentTimeMillis() > deadline) { // the brokers learn of the new partition, soon
                    throw new IllegalStateException("the brokers do not show 3 partitions after 30 s");
                }
            }
        }
        Map<String, Integer> after = new LinkedHashMap<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) { // it sees 3 partitions
            for (String key : before.keySet()) {
                after.put(
                        key,
                        producer.send(new ProducerRecord<>(topic, key, "address, version 2"))
                                .get()
                                .partition());
            }
        }
        // end::add-partitions[]
        List<List<Object>> rows = new ArrayList<>();
        int moved = 0;
        for (String key : before.keySet()) {
            int hash = Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8)));
            boolean keyMoved = !before.get(key).equals(after.get(key));
            moved += keyMoved ? 1 : 0;
            rows.add(List.of("`" + key + "`", hash, before.get(key), after.get(key), keyMoved ? "moved" : "stayed"));
            assertEquals(hash % 2, before.get(key), key + ": hash modulo 2");
            assertEquals(hash % 3, after.get(key), key + ": hash modulo 3");
        }
        recorder.table(
                "moved",
                List.of("key", "murmur2 hash (positive)", "partition of 2", "partition of 3", "the key's records"),
                rows);
        assertTrue(moved > 0, "some keys moved to another partition");
        assertTrue(moved < before.size(), "and some stayed");
    }

    @Test
    @Order(2)
    @DisplayName("the partition count cannot shrink")
    void cannotShrink() throws Exception {
        String topic = Fixtures.nameForThisRun(broker, "customers");
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(topic, 3, (short) 1));
        Properties adminProps = adminProps();
        // tag::shrink[]
        Throwable refused = null;
        try (Admin admin = Admin.create(adminProps)) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            refused = e.getCause(); // InvalidPartitionsException
        }
        // end::shrink[]
        recorder.table("shrink", ERROR_HEADER, List.of(row("`NewPartitions.increaseTo(2)` on 3 partitions", refused)));
        assertInstanceOf(InvalidPartitionsException.class, refused);
        assertEquals(3, partitionCount(topic), "the topic keeps its 3 partitions");
    }

    @Test
    @Order(3)
    @DisplayName("a topic's configuration changed with incrementalAlterConfigs, and with kafka-configs.sh")
    void alterConfigs() throws Exception {
        String accounts = Fixtures.nameForThisRun(broker, "accounts");
        Properties adminProps = adminProps();
        // tag::alter-configs[]
        List<ConfigEntry> readBack = new ArrayList<>();
        createTopic(adminProps, new NewTopic(accounts, 1, (short) 1));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, accounts);
        try (Admin admin = Admin.create(adminProps)) {
            admin.incrementalAlterConfigs(Map.of(
                            resource,
                            List.of(
                                    new AlterConfigOp(
                                            new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "86400000"), // 1 day
                                            AlterConfigOp.OpType.SET),
                                    new AlterConfigOp(
                                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""),
                                            AlterConfigOp.OpType.DELETE)))) // back to the broker's default
                    .all()
                    .get();
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!config.get(TopicConfig.RETENTION_MS_CONFIG).value().equals("86400000")) {
                if (System.currentTimeMillis() > deadline) { // the broker applies what the controller accepted
                    throw new IllegalStateException("the broker did not apply retention.ms=86400000 within 10 s");
                }
                config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            }
            for (String name : List.of(TopicConfig.RETENTION_MS_CONFIG, TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
                readBack.add(config.get(name)); // its value, and where it comes from: the topic, or a default
            }
        }
        // end::alter-configs[]
        List<List<Object>> rows = readBack.stream()
                .map(entry -> List.<Object>of(
                        "`" + entry.name() + "`", "`" + entry.value() + "`", "`" + entry.source() + "`"))
                .toList();
        recorder.table("read-back", List.of("setting", "value", "source"), rows);
        assertEquals(List.of("`retention.ms`", "`86400000`", "`DYNAMIC_TOPIC_CONFIG`"), rows.get(0));
        assertEquals("`DEFAULT_CONFIG`", rows.get(1).get(2), "max.message.bytes is the broker's default");

        var alter = run(
                broker,
                "kafka-configs.sh",
                ConfigCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--alter",
                "--entity-type",
                "topics",
                "--entity-name",
                accounts,
                "--add-config",
                "max.message.bytes=2000000");
        var describe = run(
                broker,
                "kafka-configs.sh",
                ConfigCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--describe",
                "--entity-type",
                "topics",
                "--entity-name",
                accounts);
        recorder.output("kafka-configs", alter.transcript() + "\n" + describe.transcript(), "bash");
        assertEquals(0, alter.exitCode(), alter.transcript());
        try (Admin admin = Admin.create(adminProps)) {
            String value = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG)
                    .value();
            assertEquals("2000000", value, "the Admin client reads back what the tool set");
        }
        assertTrue(describe.out().contains("max.message.bytes=2000000"), describe.transcript());
    }

    @Test
    @Order(4)
    @DisplayName("deleteRecords moves the log start offset; the records before it are gone")
    void deleteRecords() throws Exception {
        String auditLog = Fixtures.nameForThisRun(broker, "audit-log");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::delete-records[]
        createTopic(adminProps, new NewTopic(auditLog, 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>(auditLog, "entry " + i)); // entry i at offset i
            }
        }
        TopicPartition auditLogPartition = new TopicPartition(auditLog, 0);
        long lowWatermark;
        try (Admin admin = Admin.create(adminProps)) {
            lowWatermark = admin.deleteRecords(Map.of(auditLogPartition, RecordsToDelete.beforeOffset(4)))
                    .lowWatermarks()
                    .get(auditLogPartition)
                    .get()
                    .lowWatermark(); // the partition's new log start offset
        }
        List<String> entriesLeft = readPartition(consumerProps, auditLog);
        // end::delete-records[]
        recorder.output(
                "delete-records",
                "deleteRecords(beforeOffset(4)): new log start offset " + lowWatermark + "\n"
                        + "read from the beginning now: " + entriesLeft);
        assertEquals(4, lowWatermark, "the records before offset 4 are gone");
        assertEquals(List.of("entry 4", "entry 5", "entry 6", "entry 7", "entry 8", "entry 9"), entriesLeft);
    }

    @Test
    @Order(5)
    @DisplayName("deleteRecords is refused on a topic that is compacted only")
    void deleteRecordsOnACompactedTopic() throws Exception {
        String balances = Fixtures.nameForThisRun(broker, "balances");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        // tag::delete-records-compacted[]
        createTopic(
                adminProps,
                new NewTopic(balances, 1, (short) 1)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(balances, "account-1", "100"));
            producer.send(new ProducerRecord<>(balances, "account-1", "80"));
        }
        TopicPartition balancesPartition = new TopicPartition(balances, 0);
        Throwable compactedRefused = null;
        try (Admin admin = Admin.create(adminProps)) {
            admin.deleteRecords(Map.of(balancesPartition, RecordsToDelete.beforeOffset(1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            compactedRefused = e.getCause(); // the topic's cleanup.policy has no "delete"
        }
        // end::delete-records-compacted[]
        assertInstanceOf(PolicyViolationException.class, compactedRefused, "a compacted topic refuses deleteRecords");
        recorder.output(
                "delete-records-compacted",
                compactedRefused.getClass().getName() + ": " + compactedRefused.getMessage());
    }

    @Test
    @Order(6)
    @DisplayName("retention removes whole segments whose records are older than retention.ms")
    void retention() throws Exception {
        String clicks = Fixtures.nameForThisRun(broker, "clicks");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        List<String> lines = new ArrayList<>();
        // tag::retention[]
        createTopic(
                adminProps,
                new NewTopic(clicks, 1, (short) 1)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG, "60000", // keep records for a minute
                                TopicConfig.SEGMENT_MS_CONFIG, "10000"))); // a new segment every 10 s
        long now = System.currentTimeMillis();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 5; i++) { // clicks of two minutes ago, sent late
                producer.send(new ProducerRecord<>(clicks, 0, now - 120_000, null, "old click " + i));
            }
            producer.flush(); // the old clicks go into the first segment ...
            for (int i = 1; i <= 5; i++) { // ... and clicks of now start a new one: they are 2 minutes apart
                producer.send(new ProducerRecord<>(clicks, 0, now, null, "new click " + i));
            }
        }
        long checkInterval;
        try (Admin admin = Admin.create(adminProps)) {
            // The broker deletes expired segments when it looks, every log.retention.check.interval.ms.
            String node =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource brokerConfig = new ConfigResource(ConfigResource.Type.BROKER, node);
            checkInterval = Long.parseLong(admin.describeConfigs(List.of(brokerConfig))
                    .all()
                    .get()
                    .get(brokerConfig)
                    .get("log.retention.check.interval.ms")
                    .value());
        }
        TopicPartition clicksPartition = new TopicPartition(clicks, 0);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(clicksPartition));
            consumer.seekToEnd(List.of(clicksPartition));
            long deadline = System.currentTimeMillis() + checkInterval + 30_000;
            while (consumer.beginningOffsets(List.of(clicksPartition)).get(clicksPartition) == 0) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "the old clicks were not deleted within " + (checkInterval + 30_000) + " ms");
                }
                consumer.poll(Duration.ofMillis(500)); // nothing new arrives: a half-second pause between looks
            }
        }
        List<String> clicksLeft = readPartition(consumerProps, clicks);
        // end::retention[]
        try (Admin admin = Admin.create(adminProps)) {
            long end = Fixtures.endOffset(broker, clicks);
            lines.add("clicks written: offsets 0 to " + (end - 1));
            assertEquals(10, end, "ten clicks were written");
            lines.add("log.retention.check.interval.ms of the broker: " + checkInterval);
            lines.add("log start offset once the broker had looked: " + logStartOffset(admin, clicks));
        }
        lines.add("read from the beginning now: " + clicksLeft);
        recorder.output("retention", String.join("\n", lines));
        assertEquals(
                List.of("new click 1", "new click 2", "new click 3", "new click 4", "new click 5"),
                clicksLeft,
                "the segment of old clicks was deleted, the segment of new ones kept");
    }

    @Test
    @Order(7)
    @DisplayName("deleting a topic; describing it and producing to it afterwards")
    void deleteTopic() throws Exception {
        String scratch = Fixtures.nameForThisRun(broker, "scratch");
        boolean createsOnFirstUse = Fixtures.createsTopicsOnFirstUse(broker);
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        // tag::delete-topic[]
        Throwable describeError = null;
        List<Exception> sendErrors = Collections.synchronizedList(new ArrayList<>());
        createTopic(adminProps, new NewTopic(scratch, 1, (short) 1));
        try (Admin admin = Admin.create(adminProps)) {
            admin.deleteTopics(List.of(scratch)).all().get();
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.listTopics().names().get().contains(scratch)) { // every broker learns of it, soon
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(scratch + " is still listed after 30 s");
                }
            }
            try {
                admin.describeTopics(List.of(scratch)).allTopicNames().get();
            } catch (ExecutionException e) {
                describeError = e.getCause(); // UnknownTopicOrPartitionException
            }
        }
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000); // wait at most 1 s for the topic's metadata
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(scratch, "anyone there?"), (metadata, error) -> {
                if (error != null) {
                    sendErrors.add(error); // TimeoutException: the record was not written
                }
            });
        }
        // end::delete-topic[]
        List<List<Object>> rows = new ArrayList<>();
        rows.add(row("`describeTopics` of the deleted topic", describeError));
        if (createsOnFirstUse) {
            rows.add(List.of(
                    "`send` to the deleted topic",
                    "(none)",
                    "this cluster has auto.create.topics.enable=true: the send created the topic again"));
        } else {
            rows.add(row("`send` to the deleted topic", sendErrors.isEmpty() ? null : sendErrors.get(0)));
        }
        recorder.table("deleted", ERROR_HEADER, rows);
        assertInstanceOf(UnknownTopicOrPartitionException.class, describeError);
        if (createsOnFirstUse) {
            assertEquals(List.of(), sendErrors, "a cluster that creates topics on first use takes the record");
        } else {
            assertEquals(1, sendErrors.size(), "the callback reported the failure");
            assertInstanceOf(TimeoutException.class, sendErrors.get(0));
            try (Admin admin = Admin.create(adminProps)) {
                assertFalse(
                        admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(scratch),
                        "and the topic is still gone");
            }
        }
    }

    private int partitionCount(String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(topic)
                    .partitions()
                    .size();
        }
    }

    private static List<Object> row(String request, Throwable error) {
        if (error == null) {
            return List.of(request, "(none)", "the request succeeded");
        }
        return List.of(request, "`" + error.getClass().getSimpleName() + "`", error.getMessage());
    }
}
