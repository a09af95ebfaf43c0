package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Future;

/**
 * Sends greetings-by-key 1,000 records of 1 KiB without a key, and prints how many of them each
 * partition got.
 */
public final class SendWithoutKeys {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("greetings-by-key", 3, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        String value = "x".repeat(1024); // 1 KiB: 1,000 of them fill many batches
        List<Future<RecordMetadata>> results = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 1_000; i++) {
                // A topic and a value, no key:
                results.add(producer.send(new ProducerRecord<>("greetings-by-key", value)));
            }
            Map<Integer, Integer> perPartition = new TreeMap<>();
            for (Future<RecordMetadata> result : results) {
                perPartition.merge(result.get().partition(), 1, Integer::sum);
            }
            System.out.println("Sent 1000 records without a key, 1 KiB each, to greetings-by-key:");
            perPartition.forEach((partition, count) ->
                    System.out.println("partition " + partition + ": " + count + " records"));
        }
    }
}
