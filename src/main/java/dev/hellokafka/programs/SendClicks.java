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
 * Ten clicks written to the topic clicks, which keeps records for a minute: five of two minutes
 * ago, sent late, then five of now.
 */
public final class SendClicks {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(
                adminProps,
                new NewTopic("clicks", 1, (short) 1)
                        .configs(Map.of(
                                TopicConfig.RETENTION_MS_CONFIG, "60000", // a minute
                                TopicConfig.SEGMENT_MS_CONFIG, "10000"))); // a segment: 10 s

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        long now = System.currentTimeMillis();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            List<Future<RecordMetadata>> old = new ArrayList<>();
            for (int i = 1; i <= 5; i++) { // partition 0, a timestamp, no key
                old.add(producer.send(
                        new ProducerRecord<>("clicks", 0, now - 120_000, null, "old click " + i)));
            }
            for (Future<RecordMetadata> stored : old) {
                stored.get(); // the old clicks are in the first segment, or this throws ...
            }
            RecordMetadata last = null;
            // ... and the clicks of now, 2 minutes later, start a new one
            for (int i = 1; i <= 5; i++) {
                last = producer.send(new ProducerRecord<>("clicks", 0, now, null, "new click " + i))
                        .get();
            }
            System.out.println("Wrote 5 clicks of two minutes ago and 5 of now to clicks, up to"
                    + " offset " + last.offset() + ".");
        }
    }
}
