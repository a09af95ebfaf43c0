package dev.hellokafka.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The six core steps' work with nothing around it, in one plain test: the benchmark's yardstick for the core
 * steps (a broker start, create, list, describe, produce 2, consume 2 with a group join). Not part of the walk.
 */
class BareReference {

    @Test
    void theCoreStepsWorkAndNothingElse() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            Map<String, Object> client = Map.of("bootstrap.servers", broker.bootstrapServers());
            try (Admin admin = Admin.create(client)) {
                admin.createTopics(List.of(new NewTopic("sample", 1, (short) 1)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                assertTrue(admin.listTopics().names().get(30, TimeUnit.SECONDS).contains("sample"));
                assertEquals(
                        1,
                        admin.describeTopics(List.of("sample"))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS)
                                .get("sample")
                                .partitions()
                                .size());
            }
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(client, new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("sample", "Hello, World!")).get(30, TimeUnit.SECONDS);
                producer.send(new ProducerRecord<>("sample", "message-two", "This is the Java client"))
                        .get(30, TimeUnit.SECONDS);
            }
            List<ConsumerRecord<String, String>> read = new ArrayList<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                    Map.of(
                            "bootstrap.servers",
                            broker.bootstrapServers(),
                            "group.id",
                            "bare",
                            "auto.offset.reset",
                            "earliest",
                            "group.protocol",
                            "consumer"), // as step 6's group joins: the same work, the same protocol
                    new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of("sample"));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (read.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(100)).forEach(read::add);
                }
            }
            assertEquals(2, read.size(), "both records read back");
        }
    }
}
