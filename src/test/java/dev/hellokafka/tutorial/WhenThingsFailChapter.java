package dev.hellokafka.tutorial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@ExtendWith(TutorialExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class WhenThingsFailChapter {

    /** Far more than the half second the clients below are given: a bound on a hang, not a measurement. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

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
        List<List<Object>> rows = new ArrayList<>();
        long start = System.nanoTime();
        // tag::no-broker-producer[]
        String nowhere = "127.0.0.1:1"; // no broker listens on port 1
        Properties producerNowhere = new Properties();
        producerNowhere.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere);
        producerNowhere.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500); // how long send() may wait for metadata
        producerNowhere.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerNowhere.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        List<Exception> reported = Collections.synchronizedList(new ArrayList<>());
        try (Producer<String, String> producer = new KafkaProducer<>(producerNowhere)) {
            producer.send(new ProducerRecord<>("greetings", "hello?"), (metadata, error) -> reported.add(error));
        }
        // end::no-broker-producer[]
        Duration producerTook = since(start);
        rows.add(row("producer", "`send` (max.block.ms=500)", reported.get(0)));

        start = System.nanoTime();
        // tag::no-broker-consumer[]
        Properties consumerNowhere = new Properties();
        consumerNowhere.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere);
        consumerNowhere.put(ConsumerConfig.GROUP_ID_CONFIG, "nobody");
        consumerNowhere.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500); // for calls without a timeout
        consumerNowhere.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerNowhere.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        int polled;
        TimeoutException noPartitions = null;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerNowhere)) {
            consumer.subscribe(List.of("greetings"));
            polled = consumer.poll(Duration.ofMillis(500)).count(); // no exception: just no records
            try {
                consumer.partitionsFor("greetings");
            } catch (TimeoutException e) {
                noPartitions = e;
            }
        }
        // end::no-broker-consumer[]
        Duration consumerTook = since(start);
        rows.add(List.of("consumer", "`poll(500 ms)`", "(none)", "returned " + polled + " records"));
        rows.add(row("consumer", "`partitionsFor` (default.api.timeout.ms=500)", noPartitions));

        start = System.nanoTime();
        // tag::no-broker-admin[]
        Properties adminNowhere = new Properties();
        adminNowhere.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere);
        adminNowhere.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500);
        adminNowhere.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500);
        Throwable adminError = null;
        try (Admin admin = Admin.create(adminNowhere)) {
            admin.listTopics().names().get();
        } catch (ExecutionException e) {
            adminError = e.getCause();
        }
        // end::no-broker-admin[]
        Duration adminTook = since(start);
        rows.add(row("admin", "`listTopics` (default.api.timeout.ms=500)", adminError));
        recorder.table("no-broker", List.of("client", "call", "exception", "message"), rows);

        assertInstanceOf(TimeoutException.class, reported.get(0), "the producer's callback got the failure");
        assertEquals(0, polled, "poll returns nothing rather than failing");
        assertInstanceOf(TimeoutException.class, noPartitions, "partitionsFor gave up");
        assertInstanceOf(TimeoutException.class, adminError);
        for (Duration took : List.of(producerTook, consumerTook, adminTook)) {
            assertTrue(took.compareTo(NO_HANG) < 0, "each client gave up within its timeouts, took " + took);
        }
    }

    // tag::create-topics[]
    /** Creates the topics, and returns once they take writes; those there already (an earlier run) are fine. */
    static void createTopics(Properties adminProps, NewTopic... topics) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(topics)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // A leader takes writes once it has made its copy of the partition, a moment after the create returns,
            // and answers listOffsets from then on. Writing sooner can fail sends on Kafka 4.3 (KAFKA-15591).
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (NewTopic topic : topics) {
                for (int p = 0; p < topic.numPartitions(); p++) {
                    partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
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
    // end::create-topics[]

    @Test
    @Order(2)
    @DisplayName("a record the consumer cannot deserialize is reported, set aside, and skipped")
    void poisonPill() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String topic = "readings-" + UUID.randomUUID(); // new per run: the page counts from offset 0
        // tag::readings-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Properties bytesProducerProps = new Properties(); // writes values as they are given: raw bytes
        bytesProducerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        bytesProducerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        bytesProducerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        Properties readingsProps = new Properties(); // reads values as integers
        readingsProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        readingsProps.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-processor");
        readingsProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer group protocol: step 20
        readingsProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        readingsProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        readingsProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class);
        // end::readings-props[]
        for (Properties props : List.of(adminProps, bytesProducerProps, readingsProps)) {
            props.putAll(broker.securitySettings());
        }
        byte[] garbage = "n/a".getBytes(UTF_8);

        // tag::readings[]
        String deadLetters = topic + "-dead-letters";
        createTopics(adminProps, new NewTopic(topic, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1));
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(bytesProducerProps)) {
            IntegerSerializer integers = new IntegerSerializer();
            for (byte[] value : List.of(
                    integers.serialize(topic, 10),
                    integers.serialize(topic, 20),
                    "n/a".getBytes(UTF_8), // 3 bytes where a 4-byte integer belongs: the poison pill
                    integers.serialize(topic, 30),
                    integers.serialize(topic, 40))) {
                producer.send(new ProducerRecord<>(topic, value)).get();
            }
        }
        // end::readings[]

        List<String> report = new ArrayList<>();
        // tag::poison-pill[]
        List<ConsumerRecord<String, Integer>> processed = new ArrayList<>();
        try (Consumer<String, Integer> consumer = new KafkaConsumer<>(readingsProps);
                Producer<byte[], byte[]> deadLetterProducer = new KafkaProducer<>(bytesProducerProps)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (processed.size() < 4) { // the four readings that are integers
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("processed " + processed.size() + " of 4 readings in 30 s");
                }
                try {
                    for (ConsumerRecord<String, Integer> record : consumer.poll(Duration.ofMillis(100))) {
                        processed.add(record);
                    }
                } catch (RecordDeserializationException e) {
                    // The record at e.offset() could not be read: park it, as it was, for a person, and move on.
                    ProducerRecord<byte[], byte[]> parked = new ProducerRecord<>(
                            deadLetters,
                            null,
                            e.timestamp(),
                            bytes(e.keyBuffer()),
                            bytes(e.valueBuffer()),
                            e.headers());
                    parked.headers().add("source", (e.topicPartition() + "@" + e.offset()).getBytes(UTF_8));
                    parked.headers().add("unreadable", e.origin().name().getBytes(UTF_8)); // KEY or VALUE
                    deadLetterProducer.send(parked).get();
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                    // end::poison-pill[]
                    report.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                    report.add("cause: " + e.getCause().getMessage());
                    // tag::poison-pill[]
                }
            }
        }
        // end::poison-pill[]
        recorder.registerRunValue(topic, "readings");
        List<ConsumerRecord<byte[], byte[]>> parked = Fixtures.readAll(bytesConsumerProps(), deadLetters);
        processed.forEach(r -> report.add("processed offset " + r.offset() + ": " + r.value()));
        parked.forEach(r -> report.add("dead-letter topic: '" + new String(r.value(), UTF_8) + "' from "
                + new String(r.headers().lastHeader("source").value(), UTF_8) + ", unreadable: "
                + new String(r.headers().lastHeader("unreadable").value(), UTF_8)));
        recorder.output("poison-pill", String.join("\n", report));

        Map<Long, Integer> byOffset = new TreeMap<>();
        processed.forEach(r -> byOffset.put(r.offset(), r.value()));
        assertEquals(Map.of(0L, 10, 1L, 20, 3L, 30, 4L, 40), byOffset, "every valid record was processed");
        assertEquals(4, processed.size(), "each exactly once");
        assertEquals(1, parked.size(), "the bad record went to the dead-letter topic");
        assertArrayEquals(garbage, parked.get(0).value(), "with its bytes as they were");
    }

    // tag::bytes[]
    /** The bytes of a buffer, or null for none (a record without a key). */
    static byte[] bytes(ByteBuffer buffer) {
        if (buffer == null) {
            return null;
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
    // end::bytes[]

    @Test
    @Order(3)
    @DisplayName("a producer whose broker goes away reports every record that did not make it")
    void brokerGoesAway() throws Exception {
        List<String> stored;
        List<Exception> failed;
        // A broker of this step's own, because it is stopped halfway, as a reader would stop theirs by hand.
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            String bootstrapServers = own.bootstrapServers();
            Properties adminProps = new Properties();
            adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            // tag::first-ten[]
            createTopics(adminProps, new NewTopic("ledger", 1, (short) 1));
            Properties timeoutProps = new Properties();
            timeoutProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            timeoutProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            timeoutProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
            timeoutProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000); // send() waits at most 2 s for metadata
            timeoutProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
            timeoutProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000); // and a record is given up after 2 s
            List<String> storedEntries = Collections.synchronizedList(new ArrayList<>());
            List<Exception> failedEntries = Collections.synchronizedList(new ArrayList<>());
            Producer<String, String> producer = new KafkaProducer<>(timeoutProps);
            for (int i = 1; i <= 10; i++) {
                sendEntry(producer, "entry " + i, storedEntries, failedEntries);
            }
            producer.flush(); // the first ten are stored
            // end::first-ten[]
            own.close(); // what kafka-server-stop.sh does
            // tag::three-more[]
            for (int i = 11; i <= 13; i++) {
                sendEntry(producer, "entry " + i, storedEntries, failedEntries);
            }
            producer.close(Duration.ofSeconds(10)); // waits (at most 10 s) until every send has an outcome
            // end::three-more[]
            stored = storedEntries;
            failed = failedEntries;
        }
        Map<String, Long> byType = new TreeMap<>();
        failed.forEach(e -> byType.merge(e.getClass().getSimpleName(), 1L, Long::sum));
        recorder.output(
                "broker-goes-away",
                "records sent:     13\n"
                        + "stored:           " + stored.size() + "\n"
                        + "reported failed:  " + failed.size() + " " + byType + "\n"
                        + "unaccounted for:  " + (13 - stored.size() - failed.size()));

        assertEquals(10, stored.size(), "the records sent while the broker ran were stored");
        assertEquals(3, failed.size(), "every record sent after it stopped was reported");
        assertTrue(failed.stream().allMatch(TimeoutException.class::isInstance), "as timeouts: " + byType);
    }

    // tag::send-entry[]
    /** Sends one entry; its callback, the only place where its outcome is known, keeps count. */
    static void sendEntry(
            Producer<String, String> producer, String value, List<String> stored, List<Exception> failed) {
        producer.send(new ProducerRecord<>("ledger", value), (metadata, error) -> {
            if (error == null) {
                stored.add(value);
            } else {
                failed.add(error); // in a real application: log it, retry later, or stop
            }
        });
    }
    // end::send-entry[]

    private Properties bytesConsumerProps() {
        Properties props = broker.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static List<Object> row(String client, String call, Throwable error) {
        return List.of(client, call, "`" + error.getClass().getSimpleName() + "`", error.getMessage());
    }
}
