package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Sends records-create-time a record stamped two hours ahead of this machine's clock, and prints
 * the broker's answer.
 */
public final class SendFromTheFuture {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(
                adminProps,
                new NewTopic("records-create-time", 1, (short) 1)
                        .configs(Map.of("retention.ms", "-1"))); // keep records forever

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        long twoHoursAhead = System.currentTimeMillis() + Duration.ofHours(2).toMillis();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            RecordMetadata stored = producer.send(new ProducerRecord<>(
                            "records-create-time", null, twoHoursAhead, "greeting-2", "Hi!"))
                    .get();
            System.out.println("Stored at offset " + stored.offset() + ", two hours ahead.");
        } catch (ExecutionException e) {
            Throwable refusal = e.getCause(); // the broker's answer
            System.out.println("Refused: " + refusal.getClass().getName());
            Cluster.printIndented(refusal.getMessage());
        }
    }
}
