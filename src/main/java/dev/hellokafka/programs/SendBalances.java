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

import java.util.Map;
import java.util.Properties;

/**
 * Two balances of account-1, 100 and then 80, written to the topic balances, which is compacted:
 * it keeps the latest record of each key.
 */
public final class SendBalances {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(
                adminProps,
                new NewTopic("balances", 1, (short) 1)
                        .configs(Map.of(
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                TopicConfig.CLEANUP_POLICY_COMPACT)));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (String balance : new String[] {"100", "80"}) {
                RecordMetadata sent = producer.send(
                                new ProducerRecord<>("balances", "account-1", balance))
                        .get();
                System.out.println("account-1: " + balance + " -> offset " + sent.offset());
            }
        }
    }
}
