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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * A fruit shop's history: creates stock, a compacted topic, and writes six changes to it, each
 * keyed by the fruit, with the new count as the value, or with no value when the fruit is gone.
 */
public final class RecordStockChanges {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, "compact", // keep the latest record per key
                // For the demonstration only: close a segment after 100 ms, and clean any dirt.
                TopicConfig.SEGMENT_MS_CONFIG, "100",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01");
        Cluster.createTopic(adminProps, new NewTopic("stock", 1, (short) 1).configs(compacted));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        List<ProducerRecord<String, String>> changes = List.of(
                new ProducerRecord<>("stock", "apple", "5"),
                new ProducerRecord<>("stock", "pear", "3"),
                new ProducerRecord<>("stock", "apple", "4"),
                new ProducerRecord<>("stock", "plum", "7"),
                new ProducerRecord<>("stock", "apple", "2"),
                new ProducerRecord<>("stock", "pear", null)); // a tombstone: pear is deleted
        List<Future<RecordMetadata>> written = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (ProducerRecord<String, String> change : changes) {
                written.add(producer.send(change));
            }
            for (int i = 0; i < changes.size(); i++) {
                long offset = written.get(i).get().offset(); // a write that failed throws here
                String key = changes.get(i).key();
                String value = changes.get(i).value();
                System.out.println("offset " + offset + ": " + key
                        + (value == null ? " deleted (a tombstone)" : " = " + value));
            }
        }
    }
}
