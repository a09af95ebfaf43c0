package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class WhenKafkaSaysNoChapter {

    private static final List<String> HEADER = List.of("request", "exception", "message");

    /** Makes this run's topic names new, so that the same cases fail the same way on a used cluster. */
    private final String run = UUID.randomUUID().toString();

    private final Broker broker;
    private final Recorder recorder;

    WhenKafkaSaysNoChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("topic names: illegal characters, too long, and names that collide")
    void topicNames() throws Exception {
        recorder.registerRunValue(run, "<uuid>");
        List<List<Object>> rows = new ArrayList<>();
        Throwable spaces = createTopic(new NewTopic("hello world!", 1, (short) 1));
        rows.add(row("`hello world!`", spaces));
        Throwable tooLong = createTopic(new NewTopic("t".repeat(250), 1, (short) 1));
        rows.add(List.of(
                "250 × `t`",
                "`" + tooLong.getClass().getSimpleName() + "`",
                tooLong.getMessage().replace("t".repeat(250), "ttt…t"))); // the name, shortened for the page

        String dotted = "metrics.eu-" + run;
        assertEquals(null, createTopic(new NewTopic(dotted, 1, (short) 1)), "a name with a dot is fine");
        rows.add(List.of("`" + dotted + "`", "(created)", ""));
        Throwable collision = createTopic(new NewTopic("metrics_eu-" + run, 1, (short) 1));
        rows.add(row("`metrics_eu-" + run + "`", collision));
        recorder.table("names", HEADER, rows);

        assertInstanceOf(InvalidTopicException.class, spaces);
        assertInstanceOf(InvalidTopicException.class, tooLong);
        assertInstanceOf(InvalidTopicException.class, collision);
    }

    @Test
    @Order(2)
    @DisplayName("topics: one that exists, zero partitions, more replicas than brokers")
    void topicSettings() throws Exception {
        SampleTopic.ensureExists(broker);
        int brokers;
        try (Admin admin = Admin.create(adminProps())) {
            brokers = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).size();
        }
        Throwable exists = createTopic(new NewTopic(SampleTopic.NAME, 1, (short) 1));
        Throwable noPartitions = createTopic(new NewTopic("no-partitions-" + run, 0, (short) 1));
        Throwable negativePartitions = createTopic(new NewTopic("negative-partitions-" + run, -2, (short) 1));
        Throwable tooManyReplicas = createTopic(new NewTopic("replicas-" + run, 1, (short) (brokers + 1)));
        String brokerDefault = "default-partitions-" + run;
        Throwable minusOne = createTopic(new NewTopic(brokerDefault, -1, (short) 1));
        Fixtures.awaitTopicKnown(broker, brokerDefault);
        int partitions;
        try (Admin admin = Admin.create(adminProps())) {
            partitions = admin.describeTopics(List.of(brokerDefault))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(brokerDefault)
                    .partitions()
                    .size();
        }
        recorder.table(
                "settings",
                HEADER,
                List.of(
                        row("`sample` again", exists),
                        row("0 partitions", noPartitions),
                        row("-2 partitions", negativePartitions),
                        row("replication factor " + (brokers + 1) + " on " + brokers + " broker(s)", tooManyReplicas),
                        List.of(
                                "-1 partitions",
                                "(none)",
                                "created, with the broker's default: " + partitions + " partition(s)")));

        assertInstanceOf(TopicExistsException.class, exists);
        assertInstanceOf(InvalidPartitionsException.class, noPartitions);
        assertInstanceOf(InvalidPartitionsException.class, negativePartitions);
        assertInstanceOf(InvalidReplicationFactorException.class, tooManyReplicas);
        assertEquals(null, minusOne, "-1 asks for the broker's default");
    }

    @Test
    @Order(3)
    @DisplayName("producing to a topic that does not exist fails after max.block.ms")
    void missingTopic() throws Exception {
        boolean createsOnFirstUse =
                Fixtures.createsTopicsOnFirstUse(broker); // an external cluster may; the walk's broker does not
        Properties producerProps = producerProps();
        // tag::missing-topic[]
        List<Exception> reported = Collections.synchronizedList(new ArrayList<>());
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000); // wait at most 1 s for the topic's metadata
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("no-such-topic", "hello?"), (metadata, error) -> {
                if (error != null) {
                    reported.add(error); // the record was not written: say so, never drop it silently
                }
            });
        } // close() waits for the outcome of every send
        // end::missing-topic[]
        if (createsOnFirstUse) {
            recorder.table(
                    "missing-topic",
                    HEADER,
                    List.of(List.of(
                            "send to `no-such-topic`",
                            "(none)",
                            "this cluster has auto.create.topics.enable=true: the send created the topic")));
            assertEquals(List.of(), reported, "a cluster that creates topics on first use takes the record");
            try (Admin admin = Admin.create(adminProps())) {
                assertTrue(
                        admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("no-such-topic"),
                        "and the topic now exists");
            }
            return;
        }
        recorder.table("missing-topic", HEADER, List.of(row("send to `no-such-topic`", reported.get(0))));
        assertEquals(1, reported.size(), "the callback reported the failure");
        assertInstanceOf(TimeoutException.class, reported.get(0));
    }

    @Test
    @Order(4)
    @DisplayName("a record too large for the producer, and one too large for the topic")
    void recordTooLarge() throws Exception {
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        // tag::too-large[]
        NewTopic smallRecords = new NewTopic("small-records", 1, (short) 1)
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1000")); // the broker's limit, per topic
        createTopic(adminProps, smallRecords); // null, or TopicExistsException on a second run: both fine
        Throwable forTheProducer;
        Throwable forTheTopic;
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            forTheProducer = sendError(producer, new ProducerRecord<>("small-records", "x".repeat(2 * 1024 * 1024)));
            forTheTopic = sendError(producer, new ProducerRecord<>("small-records", "x".repeat(5_000)));
        }
        Properties compressingProps = new Properties();
        compressingProps.putAll(producerProps);
        compressingProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip"); // 2 MiB of "x" shrinks to a few KiB
        Throwable compressed;
        try (Producer<String, String> producer = new KafkaProducer<>(compressingProps)) {
            compressed = sendError(producer, new ProducerRecord<>("small-records", "x".repeat(2 * 1024 * 1024)));
        }
        // end::too-large[]
        recorder.table(
                "too-large",
                HEADER,
                List.of(
                        row("2 MiB value (producer's `max.request.size` is 1 MiB)", forTheProducer),
                        row("5000-byte value (topic's `max.message.bytes` is 1000)", forTheTopic),
                        row("the 2 MiB value again, with `compression.type=gzip`", compressed)));

        assertInstanceOf(RecordTooLargeException.class, forTheProducer);
        assertInstanceOf(RecordTooLargeException.class, forTheTopic);
        assertTrue(forTheTopic.getMessage().contains("server"), "the second refusal came from the broker");
        assertInstanceOf(RecordTooLargeException.class, compressed);
        assertEquals(
                forTheProducer.getMessage(),
                compressed.getMessage(),
                "compressing changes nothing for max.request.size: the producer checks the uncompressed size");
    }

    private Throwable createTopic(NewTopic topic) throws Exception {
        return createTopic(adminProps(), topic);
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

    // tag::admin-error[]
    /** Creates the topic; returns what the broker answered when it refused, or null when the topic was created. */
    static Throwable createTopic(Properties adminProps, NewTopic topic) throws InterruptedException {
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(topic)).all().get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause(); // the broker's answer: InvalidTopicException, TopicExistsException, ...
        }
    }
    // end::admin-error[]

    // tag::send-error[]
    /** Sends the record and waits for the outcome; returns why it was not stored, or null when it was. */
    static Throwable sendError(Producer<String, String> producer, ProducerRecord<String, String> record)
            throws InterruptedException {
        try {
            producer.send(record).get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
    // end::send-error[]

    private static List<Object> row(String request, Throwable error) {
        if (error == null) {
            return List.of(request, "(none)", "the request succeeded");
        }
        return List.of(request, "`" + error.getClass().getSimpleName() + "`", error.getMessage());
    }
}
