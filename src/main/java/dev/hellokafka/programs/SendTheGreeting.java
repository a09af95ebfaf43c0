package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Creates two topics that keep different timestamps, records-create-time (the producer's) and
 * records-log-append-time (the broker's), and sends each the same record: a key, a value, a header,
 * and a timestamp of its own, New Year 2020.
 */
public final class SendTheGreeting {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(
                adminProps,
                new NewTopic("records-create-time", 1, (short) 1)
                        .configs(Map.of("retention.ms", "-1"))); // keep records forever
        Cluster.createTopic(
                adminProps,
                new NewTopic("records-log-append-time", 1, (short) 1)
                        .configs(Map.of("message.timestamp.type", "LogAppendTime")));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (String topic : List.of("records-create-time", "records-log-append-time")) {
                ProducerRecord<String, String> record = new ProducerRecord<>(
                        topic, // where it goes
                        null, // partition: none chosen, the producer picks one
                        1_577_836_800_000L, // 2020-01-01 00:00 UTC in epoch ms; null means now
                        "greeting-1", // key
                        "Hello, World!"); // value
                record.headers().add("sent-by", "hello-kafka".getBytes(StandardCharsets.UTF_8));
                RecordMetadata stored = producer.send(record).get();
                System.out.printf(
                        "%-23s -> partition %d, offset %d, timestamp %d%n",
                        topic, stored.partition(), stored.offset(), stored.timestamp());
            }
        }
    }
}
