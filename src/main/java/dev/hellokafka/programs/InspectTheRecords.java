package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.StringJoiner;

/**
 * Reads records-create-time and records-log-append-time from their first offsets, in no consumer
 * group, and prints the four parts of every record, until Ctrl-C.
 */
public final class InspectTheRecords {

    public static void main(String[] args) throws Exception {
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        try {
            List<TopicPartition> partitions = List.of(
                    new TopicPartition("records-create-time", 0),
                    new TopicPartition("records-log-append-time", 0));
            consumer.assign(partitions);
            // from the first record that each partition still keeps:
            consumer.seekToBeginning(partitions);
            System.out.println("Reading records-create-time and records-log-append-time from their"
                    + " first offsets. Ctrl-C stops.");
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                    System.out.println(record.topic() + ", offset " + record.offset() + ":"
                            + "\n  key:       " + record.key()
                            + "\n  value:     " + record.value()
                            + "\n  headers:   " + headers(record)
                            + "\n  timestamp: " + record.timestamp()
                            + " = " + Instant.ofEpochMilli(record.timestamp())
                            + " (" + record.timestampType() + ")");
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            consumer.close();
        }
    }

    /** The record's headers as name=value, each value read as UTF-8 text. */
    private static String headers(ConsumerRecord<?, ?> record) {
        StringJoiner all = new StringJoiner(", ");
        for (Header header : record.headers()) {
            all.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return all.toString();
    }
}
