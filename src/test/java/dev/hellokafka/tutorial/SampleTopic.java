package dev.hellokafka.tutorial;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.programs.Cluster;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the earlier steps leave behind, for a step that runs alone: the {@code sample} topic (step 2) and the
 * post's two records in it (step 5). Each method does nothing when that is already there.
 */
final class SampleTopic {

    static final String NAME = "sample";
    static final String HELLO = "Hello, World!";
    static final String SECOND_KEY = "message-two";
    static final String SECOND_VALUE = "This is the Java client";

    private SampleTopic() {}

    static void ensureExists(Broker broker) throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic(NAME, 1, (short) 1));
    }

    static void ensureHoldsThePostsRecords(Broker broker) throws Exception {
        ensureExists(broker);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            TopicPartition partition = new TopicPartition(NAME, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(partition)
                    .offset();
            if (end > 0) {
                return;
            }
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Fixtures.stringProducerProps(broker))) {
            producer.send(new ProducerRecord<>(NAME, HELLO));
            producer.send(new ProducerRecord<>(NAME, SECOND_KEY, SECOND_VALUE)).get(30, TimeUnit.SECONDS);
        }
    }
}
