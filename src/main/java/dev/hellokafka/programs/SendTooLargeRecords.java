package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Sends small-records, a topic that takes records of at most 1000 bytes, a value larger than the
 * producer's max.request.size, one larger than the topic's limit, and the first one again,
 * compressed. Prints what became of each.
 */
public final class SendTooLargeRecords {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(
                adminProps,
                new NewTopic("small-records", 1, (short) 1)
                        .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1000")));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Properties compressingProps = new Properties();
        compressingProps.putAll(producerProps);
        compressingProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "gzip");

        String twoMiB = "x".repeat(2 * 1024 * 1024); // compressed, a few KiB
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps);
                Producer<String, String> compressing = new KafkaProducer<>(compressingProps)) {
            send(producer, "2 MiB value", twoMiB);
            send(producer, "5000-byte value", "x".repeat(5_000));
            send(compressing, "2 MiB value, gzip", twoMiB);
        }
    }

    /** Sends the value to small-records, waits for the outcome, and prints it. */
    private static void send(Producer<String, String> producer, String what, String value)
            throws InterruptedException {
        try {
            RecordMetadata stored =
                    producer.send(new ProducerRecord<>("small-records", value)).get();
            System.out.println(what + ": written at offset " + stored.offset());
        } catch (ExecutionException e) {
            Throwable refusal = e.getCause(); // why it was not written
            System.out.println(what + ": " + refusal.getClass().getSimpleName());
            Cluster.printIndented(refusal.getMessage());
        }
    }
}
