package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Twelve shipments to the topic shipments, one every 100 ms; the topic is made first if needed, its
 * partition on brokers 1, 2 and 3, broker 1 leading.
 */
public final class SendShipments {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("shipments", Map.of(0, List.of(1, 2, 3))));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 12; i++) {
                producer.send(new ProducerRecord<>("shipments", "shipment " + i))
                        .get();
                Thread.sleep(100); // the pace of the shipments, not a wait for Kafka
            }
        }
        System.out.println("12 shipments sent");
    }
}
