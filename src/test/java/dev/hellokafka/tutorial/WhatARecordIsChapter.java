package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class WhatARecordIsChapter {

    /** New Year 2020, as epoch milliseconds: the creation time the chapter's record carries. */
    private static final long NEW_YEAR_2020 = 1_577_836_800_000L;

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Broker broker;
    private final Recorder recorder;

    WhatARecordIsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    static void createTheTopics(Broker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::topics[]
        NewTopic producerTime = new NewTopic("records-create-time", 1, (short) 1)
                .configs(Map.of("retention.ms", "-1")); // keep records forever: see the end of the page
        NewTopic brokerTime = new NewTopic("records-log-append-time", 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime"));
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(producerTime, brokerTime)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            } // already there (from an earlier run): fine, as in step 2
        }
        // end::topics[]
        Fixtures.awaitTopicKnown(
                broker, "records-create-time", "records-log-append-time"); // before the first send: see there why
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

    @Test
    @Order(1)
    @DisplayName("a record carries a key, a value, a timestamp and headers; the topic decides whose timestamp")
    void aRecordsParts() throws Exception {
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        long beforeSending = System.currentTimeMillis();
        // tag::both-topics[]
        ConsumerRecord<String, String> keptAsSent =
                sendAndReadBack("records-create-time", producerProps, consumerProps);
        ConsumerRecord<String, String> stampedByBroker =
                sendAndReadBack("records-log-append-time", producerProps, consumerProps);
        // end::both-topics[]

        recorder.registerRunValue(String.valueOf(stampedByBroker.timestamp()), "<timestamp>");
        recorder.output(
                "parts",
                String.join(
                        "\n",
                        "key:       " + keptAsSent.key(),
                        "value:     " + keptAsSent.value(),
                        "headers:   " + headers(keptAsSent),
                        "timestamp: " + keptAsSent.timestamp() + " (" + keptAsSent.timestampType() + ")"));
        recorder.table(
                "timestamps",
                List.of("topic", "`message.timestamp.type`", "timestamp read back", "whose time"),
                List.of(
                        row(keptAsSent, "the producer's: the time it put in the record"),
                        row(stampedByBroker, "the broker's: when it appended the record")));

        assertEquals("greeting-1", keptAsSent.key());
        assertEquals("Hello, World!", keptAsSent.value());
        assertArrayEquals(
                "hello-kafka".getBytes(StandardCharsets.UTF_8),
                keptAsSent.headers().lastHeader("sent-by").value(),
                "headers travel with the record");
        assertEquals(TimestampType.CREATE_TIME, keptAsSent.timestampType());
        assertEquals(NEW_YEAR_2020, keptAsSent.timestamp(), "CreateTime keeps the producer's timestamp");
        assertEquals(TimestampType.LOG_APPEND_TIME, stampedByBroker.timestampType());
        assertNotEquals(NEW_YEAR_2020, stampedByBroker.timestamp(), "LogAppendTime replaces it");
        assertTrue(
                stampedByBroker.timestamp() >= beforeSending - 1_000, "with the broker's clock at the time of writing");
    }

    // tag::send-and-read-back[]
    /** Sends one record with all four parts, then reads that very record back by its offset. */
    static ConsumerRecord<String, String> sendAndReadBack(
            String topic, Properties producerProps, Properties consumerProps) throws Exception {
        RecordMetadata sent;
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            ProducerRecord<String, String> record = new ProducerRecord<>(
                    topic, // where it goes
                    null, // partition: none chosen, the producer picks one (see the next chapter)
                    1_577_836_800_000L, // timestamp: 2020-01-01 00:00 UTC, in epoch milliseconds; null means now
                    "greeting-1", // key
                    "Hello, World!"); // value
            record.headers().add("sent-by", "hello-kafka".getBytes(StandardCharsets.UTF_8));
            sent = producer.send(record).get();
        }
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset()); // start reading at the record just sent
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                ConsumerRecords<String, String> read = consumer.poll(Duration.ofMillis(100));
                if (!read.isEmpty()) {
                    return read.iterator().next();
                }
            }
            throw new IllegalStateException("the record at offset " + sent.offset() + " was not read within 10 s");
        }
    }
    // end::send-and-read-back[]

    @Test
    @Order(2)
    @DisplayName("a timestamp more than an hour ahead of the broker's clock is refused")
    void aTimestampFromTheFutureIsRefused() throws Exception {
        Properties producerProps = producerProps();
        // tag::from-the-future[]
        long twoHoursAhead = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
        Throwable refused = null;
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("records-create-time", null, twoHoursAhead, "greeting-2", "Hi!"))
                    .get();
        } catch (ExecutionException e) {
            refused = e.getCause();
        }
        // end::from-the-future[]
        assertInstanceOf(InvalidTimestampException.class, refused, "the broker refuses the record");
        // The message names the window the broker accepted, from its own clock: read it, and check it.
        Matcher window = Pattern.compile("within \\[(-?\\d+), (\\d+)]").matcher(refused.getMessage());
        assertTrue(window.find(), refused.getMessage());
        long latest = Long.parseLong(window.group(2));
        long aheadOfNow = latest - (twoHoursAhead - Duration.ofHours(2).toMillis());
        assertTrue(
                Math.abs(aheadOfNow - Duration.ofHours(1).toMillis()) < 60_000,
                "the latest timestamp accepted is the broker's clock plus one hour, was " + aheadOfNow + " ms ahead");
        recorder.registerRunValue(String.valueOf(twoHoursAhead), "<now + 2 h>");
        recorder.registerRunValue(window.group(2), "<now + 1 h>");
        recorder.registerRunValue(window.group(1), "<now - Long.MAX_VALUE ms>");
        recorder.output("from-the-future", refused.getClass().getName() + ": " + refused.getMessage());
    }

    private static List<Object> row(ConsumerRecord<String, String> record, String whose) {
        boolean producers = record.timestamp() == NEW_YEAR_2020;
        String when = producers
                ? record.timestamp() + " = " + UTC.format(Instant.ofEpochMilli(record.timestamp()))
                : String.valueOf(record.timestamp());
        return List.of("`" + record.topic() + "`", "`" + record.timestampType().name + "`", when, whose);
    }

    private static String headers(ConsumerRecord<String, String> record) {
        StringBuilder out = new StringBuilder();
        for (Header header : record.headers()) {
            out.append(header.key()).append('=').append(new String(header.value(), StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
