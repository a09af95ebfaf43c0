package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;

/**
 * Eight customers, customer-1 to customer-8, write their address to the topic customers (created
 * with two partitions), each keyed by the customer; it prints where each record went.
 */
public final class SendAddresses {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("customers", 2, (short) 1)); // 2 partitions

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 8; i++) {
                String customer = "customer-" + i;
                RecordMetadata sent = producer.send(new ProducerRecord<>(
                                "customers", customer, "address of " + customer))
                        .get(); // the key picks the partition
                System.out.println(customer + " -> partition " + sent.partition() + ", offset "
                        + sent.offset());
            }
        }
    }
}
