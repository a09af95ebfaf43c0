package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Step 5 · Produce the post's two records")
@ExtendWith(Tutorial.class)
class Step05ProduceTheRecords {

    private final Broker broker;
    private final Docs docs;

    Step05ProduceTheRecords(Broker broker, Docs docs) throws Exception {
        this.broker = broker;
        this.docs = docs;
        SampleTopic.ensureExists(broker);
    }

    @Test
    @DisplayName("send returns where each record landed: partition, offset, timestamp")
    void sendTheTwoRecords() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer[]
        producerProps.putAll(broker.securitySettings());

        // tag::send[]
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            Future<RecordMetadata> first = producer.send(new ProducerRecord<>("sample", "Hello, World!"));
            Future<RecordMetadata> second =
                    producer.send(new ProducerRecord<>("sample", "message-two", "This is the Java client"));
            producer.flush(); // send() only queued the records; flush() waits until the broker has them

            RecordMetadata hello = first.get();
            RecordMetadata two = second.get();
            // end::send[]
            docs.output(
                    "sent",
                    String.join(
                            "\n",
                            describe("Hello, World!", hello),
                            describe("message-two: This is the Java client", two)));

            assertTrue(hello.hasOffset() && two.hasOffset(), "the broker should have acknowledged both records");
            assertEquals(hello.partition(), two.partition(), "sample has one partition, so both land in it");
            assertEquals(hello.offset() + 1, two.offset(), "the second record comes right after the first");
            // tag::send[]
        } // close() flushes too: leaving without flush or close can lose records still in the buffer
        // end::send[]
    }

    private static String describe(String record, RecordMetadata metadata) {
        return String.format(
                "%-38s -> topic %s, partition %d, offset %d, timestamp %d",
                record, metadata.topic(), metadata.partition(), metadata.offset(), metadata.timestamp());
    }
}
