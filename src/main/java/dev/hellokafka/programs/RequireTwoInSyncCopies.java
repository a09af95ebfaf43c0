package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Creates payments-two-copies, a topic with one copy that asks for two in sync
 * (min.insync.replicas=2), says what the broker made of it, and sends it a payment with acks=all.
 */
public final class RequireTwoInSyncCopies {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        NewTopic twoCopies = new NewTopic("payments-two-copies", 1, (short) 1) // one copy
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")); // asks for two
        Cluster.createTopic(adminProps, twoCopies);
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription topic = admin.describeTopics(List.of(twoCopies.name()))
                    .allTopicNames()
                    .get()
                    .get(twoCopies.name());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            System.out.println("topic " + topic.name() + ": replication factor "
                    + topic.partitions().get(0).replicas().size() + ", min.insync.replicas="
                    + config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
        }

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all"); // stored by every in-sync replica
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            // A refusal would make get() throw, its cause a NotEnoughReplicasException.
            RecordMetadata stored = producer.send(
                            new ProducerRecord<>(twoCopies.name(), "payment 11"))
                    .get();
            System.out.println(
                    "payment 11, sent with acks=all: stored at offset " + stored.offset());
        }
    }
}
