package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class KeysAndPartitionsChapter {

    private static final int PARTITIONS = 3;
    private static final List<String> USERS = List.of("alice", "bob", "carol", "dave");

    private final Broker broker;
    private final Recorder recorder;

    KeysAndPartitionsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    static void createTheTopic(Broker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::topic[]
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic("greetings-by-key", 3, (short) 1)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            } // already there (from an earlier run): fine
        }
        // end::topic[]
        Fixtures.awaitTopicKnown(broker, "greetings-by-key"); // before the first send: see there why
    }

    private Properties producerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        return producerProps;
    }

    @Test
    @Order(1)
    @DisplayName("records with the same key land in the same partition, in the order they were sent")
    void sameKeySamePartition() throws Exception {
        Properties producerProps = producerProps();
        // tag::keyed[]
        List<RecordMetadata> sent = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            List<Future<RecordMetadata>> results = new ArrayList<>();
            for (int round = 1; round <= 3; round++) {
                for (String user : List.of("alice", "bob", "carol", "dave")) {
                    results.add(producer.send(new ProducerRecord<>("greetings-by-key", user, "hello #" + round)));
                }
            }
            for (Future<RecordMetadata> result : results) {
                sent.add(result.get()); // where each record landed, in sending order
            }
        }
        // end::keyed[]

        Map<String, List<RecordMetadata>> byKey = new TreeMap<>();
        for (int i = 0; i < sent.size(); i++) {
            byKey.computeIfAbsent(USERS.get(i % USERS.size()), k -> new ArrayList<>())
                    .add(sent.get(i));
        }
        List<List<Object>> rows = new ArrayList<>();
        byKey.forEach((key, records) -> {
            int partition = records.get(0).partition();
            assertTrue(
                    records.stream().allMatch(r -> r.partition() == partition), key + " always goes to one partition");
            for (int i = 1; i < records.size(); i++) {
                assertTrue(records.get(i).offset() > records.get(i - 1).offset(), key + "'s records keep their order");
            }
            int byHash = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            assertEquals(byHash, partition, "the partition is murmur2(key) modulo the number of partitions");
            rows.add(List.of("`" + key + "`", partition, records.size(), "yes"));
        });
        recorder.table("keyed", List.of("key", "partition", "records sent", "offsets in sending order"), rows);
    }

    @Test
    @Order(2)
    @DisplayName("records without a key are spread over the partitions, one batch at a time")
    void noKeyIsSpread() throws Exception {
        Properties producerProps = producerProps();
        // tag::unkeyed[]
        String value = "x".repeat(1024); // 1 KiB: 1,000 of them fill batches for many switches of partition
        List<RecordMetadata> spread = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            List<Future<RecordMetadata>> results = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                results.add(producer.send(new ProducerRecord<>("greetings-by-key", value))); // no key
            }
            for (Future<RecordMetadata> result : results) {
                spread.add(result.get());
            }
        }
        // end::unkeyed[]

        Map<Integer, Long> perPartition = spread.stream()
                .collect(Collectors.groupingBy(RecordMetadata::partition, TreeMap::new, Collectors.counting()));
        recorder.output(
                "unkeyed", "1,000 records without a key went to more than one partition: " + (perPartition.size() > 1));
        assertTrue(perPartition.size() > 1, "records without a key should be spread: " + perPartition);
    }
}
