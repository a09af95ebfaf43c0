package dev.hellokafka.programs;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * Sends a record to no-such-topic, a topic nobody created, and prints what became of it: the
 * failure the callback was told of, or, on a cluster that creates topics on first use, where the
 * record was written.
 */
public final class SendToAMissingTopic {

    public static void main(String[] args) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // Wait at most 1 s for the topic's metadata, instead of a minute:
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("no-such-topic", "hello?"), (stored, error) -> {
                if (error != null) { // not written: say so, never drop it silently
                    System.out.println("Not written: " + error.getClass().getName());
                    System.out.println(error.getMessage());
                } else {
                    System.out.println("Written to " + stored.topic() + ", partition "
                            + stored.partition() + ", offset " + stored.offset());
                }
            });
        } // close() waits for the outcome of every send
    }
}
