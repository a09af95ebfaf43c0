package dev.hellokafka.programs;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.Future;

/** The post's two records, sent to sample: one without a key, one with the key message-two. */
public final class ProduceTheRecords {

    public static void main(String[] args) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            Future<RecordMetadata> first =
                    producer.send(new ProducerRecord<>("sample", "Hello, World!"));
            Future<RecordMetadata> second = producer.send(
                    new ProducerRecord<>("sample", "message-two", "This is the Java client"));
            producer.flush(); // send() only queued the records; flush() waits until they are stored

            print("Hello, World!", first.get());
            print("message-two: This is the Java client", second.get());
        } // close() flushes too: ending without flush() or close() can lose what is still queued
    }

    private static void print(String record, RecordMetadata stored) {
        System.out.printf(
                "%-37s -> partition %d, offset %d, timestamp %d%n",
                record, stored.partition(), stored.offset(), stored.timestamp());
    }
}
