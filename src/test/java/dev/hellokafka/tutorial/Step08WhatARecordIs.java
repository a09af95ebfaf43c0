package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Step 8 · What a record is")
@ExtendWith(Tutorial.class)
class Step08WhatARecordIs {

    /** New Year 2020, as epoch milliseconds: a creation time chosen by the producer, far from "now". */
    private static final long NEW_YEAR_2020 = 1_577_836_800_000L;

    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Broker broker;
    private final Docs docs;

    Step08WhatARecordIs(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
    }

    @BeforeAll
    static void createTheTopics(Broker broker) throws Exception {
        // tag::topics[]
        NewTopic producerTime = new NewTopic("records-create-time", 1, (short) 1);
        NewTopic brokerTime = new NewTopic("records-log-append-time", 1, (short) 1)
                .configs(Map.of("message.timestamp.type", "LogAppendTime"));
        // end::topics[]
        Setup.createTopicsIfAbsent(broker, producerTime, brokerTime);
    }

    @Test
    @DisplayName("a record carries a key, a value, a timestamp and headers; the topic decides whose timestamp")
    void aRecordsParts() throws Exception {
        long beforeSending = System.currentTimeMillis();
        ConsumerRecord<String, String> keptAsSent = sendAndReadBack("records-create-time");
        ConsumerRecord<String, String> stampedByBroker = sendAndReadBack("records-log-append-time");

        docs.output(
                "parts",
                String.join(
                        "\n",
                        "key:       " + keptAsSent.key(),
                        "value:     " + keptAsSent.value(),
                        "headers:   " + headers(keptAsSent),
                        "timestamp: " + keptAsSent.timestamp() + " (" + keptAsSent.timestampType() + ")"));
        docs.table(
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

    /** Sends the chapter's record to a topic and reads that very record back, by its offset. */
    private ConsumerRecord<String, String> sendAndReadBack(String topic) throws Exception {
        RecordMetadata sent;
        try (Producer<String, String> producer = new KafkaProducer<>(Setup.stringProducerProps(broker))) {
            // tag::record[]
            ProducerRecord<String, String> record = new ProducerRecord<>(
                    topic, // where it goes
                    null, // partition: none chosen, the producer picks one (see the next chapter)
                    NEW_YEAR_2020, // timestamp in epoch milliseconds; null means "now"
                    "greeting-1", // key
                    "Hello, World!"); // value
            record.headers().add("sent-by", "hello-kafka".getBytes(StandardCharsets.UTF_8));
            sent = producer.send(record).get();
            // end::record[]
        }
        try (Consumer<String, String> consumer = new KafkaConsumer<>(Setup.stringConsumerProps(broker))) {
            TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, sent.offset());
            List<ConsumerRecord<String, String>> read =
                    consumer.poll(Duration.ofSeconds(10)).records(partition);
            assertTrue(!read.isEmpty() && read.get(0).offset() == sent.offset(), "the record should be read back");
            return read.get(0);
        }
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
