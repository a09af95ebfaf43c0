package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds the view of the shop's stock, the latest count of each fruit, from nothing: reads stock
 * from its first offset to its end, applies each record in order, and prints the view.
 */
public final class BuildStockView {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Map<String, String> view = new TreeMap<>(); // nothing carried over from an earlier run
        TopicPartition partition = new TopicPartition("stock", 0);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(partition)); // no group: this consumer picks its partition
            consumer.seekToBeginning(List.of(partition)); // its first offset still kept
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            System.out.println("Reading stock from its first offset up to offset " + end + ".");
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("read up to offset "
                            + consumer.position(partition) + " of " + end + " in 30 s");
                }
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    if (record.offset() >= end) {
                        continue; // written after this run began: the next run reads it
                    }
                    if (record.value() == null) {
                        view.remove(record.key()); // a tombstone deletes the key
                    } else {
                        view.put(record.key(), record.value()); // the latest value wins
                    }
                    System.out.println("offset " + record.offset() + ": " + record.key()
                            + (record.value() == null ? " deleted" : " = " + record.value()));
                }
            }
        }
        System.out.println("The stock: " + view);
    }
}
