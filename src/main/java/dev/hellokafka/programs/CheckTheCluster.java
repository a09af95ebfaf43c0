package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * A quick check of the cluster: one call of each client, a producer, a consumer and an admin
 * client, each given half a second, and how each call ended. Pointed at an address where no broker
 * listens, it shows how each kind of client fails, and that none of them hangs.
 */
public final class CheckTheCluster {

    public static void main(String[] args) throws Exception {
        System.out.println("Calling " + Cluster.bootstrapServers(args) + ", half a second a call.");

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 500); // send() waits for metadata
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        System.out.println("producer send, max.block.ms=500:");
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            RecordMetadata stored =
                    producer.send(new ProducerRecord<>("greetings", "hello?")).get();
            System.out.println("  stored at offset " + stored.offset());
        } catch (ExecutionException e) {
            System.out.println("  " + e.getCause().getClass().getSimpleName() + ": "
                    + e.getCause().getMessage());
        }

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "nobody");
        consumerProps.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500); // calls without one
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of("greetings"));
            System.out.println("consumer poll(500 ms):");
            int polled = consumer.poll(Duration.ofMillis(500)).count();
            System.out.println("  no exception, " + polled + " records");
            System.out.println("consumer partitionsFor, default.api.timeout.ms=500:");
            try {
                int partitions = consumer.partitionsFor("greetings").size();
                System.out.println("  " + partitions + " partition(s)");
            } catch (TimeoutException e) { // Kafka's, not java.util.concurrent's
                System.out.println("  TimeoutException: " + e.getMessage());
            }
        }

        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 500);
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 500);
        System.out.println("admin listTopics, default.api.timeout.ms=500:");
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> topics = admin.listTopics().names().get();
            System.out.println("  " + topics.size() + " topic(s)");
        } catch (ExecutionException e) {
            System.out.println("  " + e.getCause().getClass().getSimpleName() + ": "
                    + e.getCause().getMessage());
        }
    }
}
