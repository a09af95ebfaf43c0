package dev.hellokafka.tutorial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.TimeoutException;
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

@DisplayName("Step 16 · When things fail")
@ExtendWith(Tutorial.class)
class Step16WhenThingsFail {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Far more than the half second the clients below are given: a bound on a hang, not a measurement. */
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    private final String run = UUID.randomUUID().toString();
    private final Broker broker;
    private final Docs docs;

    Step16WhenThingsFail(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
    }

    @Test
    @Order(1)
    @DisplayName("clients pointed at a broker that is not there fail within their timeouts")
    void noBroker() throws Exception {
        String nowhere = "127.0.0.1:" + closedPort();
        List<List<Object>> rows = new ArrayList<>();

        // tag::no-broker-producer[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500); // how long send() may wait for metadata
        // end::no-broker-producer[]
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        long start = System.nanoTime();
        List<Exception> reported = Collections.synchronizedList(new ArrayList<>());
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("greetings", "hello?"), (metadata, error) -> reported.add(error));
        }
        Duration producerTook = since(start);
        rows.add(row("producer", "`send` (max.block.ms=500)", reported.get(0)));

        // tag::no-broker-consumer[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere);
        consumerProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500); // for calls without a timeout
        // end::no-broker-consumer[]
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "nobody-" + run);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        int polled;
        TimeoutException consumerError;
        start = System.nanoTime();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("greetings"));
            polled = consumer.poll(Duration.ofMillis(500)).count(); // no exception: just no records
            consumerError = assertThrows(TimeoutException.class, () -> consumer.partitionsFor("greetings"));
        }
        Duration consumerTook = since(start);
        rows.add(List.of("consumer", "`poll(500 ms)`", "(none)", "returned " + polled + " records"));
        rows.add(row("consumer", "`partitionsFor` (default.api.timeout.ms=500)", consumerError));

        // tag::no-broker-admin[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, nowhere);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500);
        // end::no-broker-admin[]
        start = System.nanoTime();
        Throwable adminError;
        try (Admin admin = Admin.create(adminProps)) {
            ExecutionException e = assertThrows(
                    ExecutionException.class, () -> admin.listTopics().names().get(30, TimeUnit.SECONDS));
            adminError = e.getCause();
        }
        Duration adminTook = since(start);
        rows.add(row("admin", "`listTopics` (default.api.timeout.ms=500)", adminError));
        docs.table("no-broker", List.of("client", "call", "exception", "message"), rows);

        assertInstanceOf(TimeoutException.class, reported.get(0), "the producer's callback got the failure");
        assertEquals(0, polled, "poll returns nothing rather than failing");
        assertInstanceOf(TimeoutException.class, adminError);
        for (Duration took : List.of(producerTook, consumerTook, adminTook)) {
            assertTrue(took.compareTo(NO_HANG) < 0, "each client gave up within its timeouts, took " + took);
        }
    }

    @Test
    @Order(2)
    @DisplayName("a record the consumer cannot deserialize is reported, set aside, and skipped")
    void poisonPill() throws Exception {
        String topic = "readings-" + run;
        String deadLetters = "readings-dead-letters-" + run;
        Setup.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1), new NewTopic(deadLetters, 1, (short) 1));
        byte[] garbage = "n/a".getBytes(UTF_8); // 3 bytes where a 4-byte integer belongs
        try (Producer<String, byte[]> producer = new KafkaProducer<>(bytesProducerProps())) {
            IntegerSerializer integers = new IntegerSerializer();
            for (byte[] value : List.of(
                    integers.serialize(topic, 10),
                    integers.serialize(topic, 20),
                    garbage,
                    integers.serialize(topic, 30),
                    integers.serialize(topic, 40))) {
                producer.send(new ProducerRecord<>(topic, value)).get(30, TimeUnit.SECONDS);
            }
        }

        Map<Long, Integer> processed = new TreeMap<>(); // offset -> value
        Map<Long, Integer> timesProcessed = new TreeMap<>();
        List<String> report = new ArrayList<>();
        Properties props = Setup.stringConsumerProps(broker);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "readings-" + run);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, IntegerDeserializer.class);
        try (Consumer<String, Integer> consumer = new KafkaConsumer<>(props);
                Producer<String, byte[]> deadLetterProducer = new KafkaProducer<>(bytesProducerProps())) {
            consumer.subscribe(List.of(topic));
            await("every record of " + topic + " handled")
                    .pollInSameThread()
                    .atMost(PATIENCE)
                    .until(() -> {
                        // tag::poison-pill[]
                        try {
                            for (ConsumerRecord<String, Integer> record : consumer.poll(Duration.ofMillis(100))) {
                                processed.put(record.offset(), record.value());
                                // end::poison-pill[]
                                timesProcessed.merge(record.offset(), 1, Integer::sum);
                                // tag::poison-pill[]
                            }
                        } catch (RecordDeserializationException e) {
                            // The record at e.offset() is not an Integer: park its bytes for a person, and move past
                            // it.
                            var deadLetter = new ProducerRecord<String, byte[]>(deadLetters, bytes(e.valueBuffer()));
                            deadLetter.headers().add("source", (e.topicPartition() + "@" + e.offset()).getBytes(UTF_8));
                            deadLetterProducer.send(deadLetter).get(30, TimeUnit.SECONDS);
                            consumer.seek(e.topicPartition(), e.offset() + 1);
                            // end::poison-pill[]
                            report.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                            report.add("cause: " + e.getCause().getMessage());
                            // tag::poison-pill[]
                        }
                        // end::poison-pill[]
                        return processed.size() == 4;
                    });
        }
        List<ConsumerRecord<byte[], byte[]>> parked = Setup.readAll(bytesConsumerProps(), deadLetters);
        processed.forEach((offset, value) -> report.add("processed offset " + offset + ": " + value));
        parked.forEach(r -> report.add("dead-letter topic: '" + new String(r.value(), UTF_8) + "' from "
                + new String(r.headers().lastHeader("source").value(), UTF_8)));
        docs.output("poison-pill", String.join("\n", report));

        assertEquals(Map.of(0L, 10, 1L, 20, 3L, 30, 4L, 40), processed, "every valid record was processed");
        assertTrue(timesProcessed.values().stream().allMatch(n -> n == 1), "each exactly once: " + timesProcessed);
        assertEquals(1, parked.size(), "the bad record went to the dead-letter topic");
        assertArrayEquals(garbage, parked.get(0).value(), "with its bytes as they were");
    }

    @Test
    @Order(3)
    @DisplayName("a producer whose broker goes away reports every record that did not make it")
    void brokerGoesAway() throws Exception {
        List<String> stored = Collections.synchronizedList(new ArrayList<>());
        List<Exception> failed = Collections.synchronizedList(new ArrayList<>());
        int sent = 0;
        // A broker of this step's own, because it is stopped halfway.
        try (EmbeddedKafkaBroker own = EmbeddedKafkaBroker.start()) {
            Setup.createTopicsIfAbsent(Broker.at(own.bootstrapServers()), new NewTopic("ledger", 1, (short) 1));
            Properties props = Setup.stringProducerProps(Broker.at(own.bootstrapServers()));
            // tag::timeouts[]
            props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500); // send() waits at most 0.5 s for metadata
            props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
            props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000); // and a record is given up after 2 s
            // end::timeouts[]
            Producer<String, String> producer = new KafkaProducer<>(props);
            try {
                for (int i = 1; i <= 13; i++) {
                    if (i == 11) {
                        own.close(); // the broker goes away after ten records; three more are sent
                    }
                    String value = "entry " + i;
                    // tag::broker-goes-away[]
                    producer.send(new ProducerRecord<>("ledger", value), (metadata, error) -> {
                        if (error == null) {
                            stored.add(value);
                        } else {
                            failed.add(error); // in a real application: log it, retry later, or stop
                        }
                    });
                    // end::broker-goes-away[]
                    sent++;
                    if (i == 10) {
                        producer.flush(); // the first ten are stored before the broker stops
                    }
                }
                await("every send to be acknowledged or reported failed")
                        .atMost(PATIENCE)
                        .until(() -> stored.size() + failed.size() == 13);
            } finally {
                producer.close(Duration.ofSeconds(10));
            }
        }
        Map<String, Long> byType = new TreeMap<>();
        failed.forEach(e -> byType.merge(e.getClass().getSimpleName(), 1L, Long::sum));
        docs.output(
                "broker-goes-away",
                "records sent:     " + sent + "\n"
                        + "stored:           " + stored.size() + "\n"
                        + "reported failed:  " + failed.size() + " " + byType + "\n"
                        + "unaccounted for:  " + (sent - stored.size() - failed.size()));

        assertEquals(10, stored.size(), "the records sent while the broker ran were stored");
        assertEquals(3, failed.size(), "every record sent after it stopped was reported");
        assertTrue(failed.stream().allMatch(TimeoutException.class::isInstance), "as timeouts: " + byType);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort(); // free now, and nothing will listen on it
        }
    }

    private Properties bytesProducerProps() {
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return props;
    }

    private Properties bytesConsumerProps() {
        Properties props = broker.clientProperties();
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static List<Object> row(String client, String call, Throwable error) {
        return List.of(client, call, "`" + error.getClass().getSimpleName() + "`", error.getMessage());
    }
}
