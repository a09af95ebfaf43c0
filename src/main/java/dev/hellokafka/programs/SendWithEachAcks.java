package dev.hellokafka.programs;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * What each acks setting answers: one deposit with acks=all, one with acks=1, each with retries
 * off, so that the broker's first answer is the outcome.
 */
public final class SendWithEachAcks {

    public static void main(String[] args) throws Exception {
        send("all", args);
        send("1", args);
    }

    /** One deposit, with a producer of this acks setting: what the broker answers. */
    private static void send(String acks, String[] args) throws Exception {
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.ACKS_CONFIG, acks);
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // so that retries...
        producerProps.put(ProducerConfig.RETRIES_CONFIG, 0); // ...can be off
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>("deposits", "deposit with acks=" + acks))
                    .get();
            System.out.printf("acks=%-3s stored%n", acks);
        } catch (ExecutionException e) {
            System.out.printf(
                    "acks=%-3s refused: %s%n", acks, e.getCause().getClass().getName());
            Cluster.printIndented(e.getCause().getMessage());
        }
    }
}
