package dev.hellokafka.programs;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Sends a record to the topic scratch, which CreateAndDeleteScratch deleted, waiting at most a
 * second for the topic's metadata.
 */
public final class SendToScratch {

    public static void main(String[] args) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000); // 1 minute by default

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            RecordMetadata sent = producer.send(new ProducerRecord<>("scratch", "anyone there?"))
                    .get();
            System.out.println("Written to scratch, partition " + sent.partition() + ", offset "
                    + sent.offset() + ": the cluster created the topic again.");
        } catch (ExecutionException e) {
            System.out.println("Not written: " + e.getCause().getClass().getName());
            Cluster.printIndented(e.getCause().getMessage());
        }
    }
}
