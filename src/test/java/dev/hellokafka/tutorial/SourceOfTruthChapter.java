package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class SourceOfTruthChapter {

    /** A new topic per run: the pages show its offsets from 0, and a shared cluster keeps earlier runs' topics. */
    private static final String TOPIC = "stock-" + UUID.randomUUID();

    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    /** How many records the history below writes: offsets 0 to 5. */
    private static final int HISTORY = 6;

    private final Broker broker;
    private final Recorder recorder;

    SourceOfTruthChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @BeforeAll
    static void writeTheHistory(Broker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String topic = TOPIC;
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::compacted-topic[]
        NewTopic stock = new NewTopic(topic, 1, (short) 1)
                .configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        // For the demonstration only: close a segment after 100 ms, and clean any dirt at all.
                        TopicConfig.SEGMENT_MS_CONFIG, "100",
                        TopicConfig.MIN_CLEANABLE_DIRTY_RATIO_CONFIG, "0.01"));
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(stock)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // end::compacted-topic[]
        Fixtures.awaitTopicKnown(broker, topic); // before the first send: see there why
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        // tag::history[]
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            List<Future<RecordMetadata>> sent = List.of(
                    producer.send(new ProducerRecord<>(topic, "apple", "5")),
                    producer.send(new ProducerRecord<>(topic, "pear", "3")),
                    producer.send(new ProducerRecord<>(topic, "apple", "4")),
                    producer.send(new ProducerRecord<>(topic, "plum", "7")),
                    producer.send(new ProducerRecord<>(topic, "apple", "2")),
                    producer.send(new ProducerRecord<>(topic, "pear", null))); // a tombstone: pear is deleted
            for (Future<RecordMetadata> written : sent) {
                written.get(); // a write that failed throws here
            }
        }
        // end::history[]
    }

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    @Test
    @Order(1)
    @DisplayName("a view thrown away and rebuilt from the topic is identical")
    void rebuildTheView() {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        // tag::build-twice[]
        Map<String, String> view = buildView(consumerProps, topic);
        // The view is lost (a crash, a bug fix, a new version of the service): build it again from the topic.
        Map<String, String> rebuilt = buildView(consumerProps, topic);
        // end::build-twice[]
        recorder.table("view", List.of("key", "value"), rows(view));
        recorder.output("rebuilt", "the rebuilt view equals the first one: " + rebuilt.equals(view));

        assertEquals(Map.of("apple", "2", "plum", "7"), view, "the latest value per key, pear deleted");
        assertEquals(view, rebuilt, "replaying the same log gives the same view");
    }

    @Test
    @Order(2)
    @DisplayName("compaction keeps the latest record per key, and the view built from it is the same")
    void compaction() throws Exception {
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps());
                Producer<String, String> producer = new KafkaProducer<>(Fixtures.stringProducerProps(broker))) {
            List<ConsumerRecord<String, String>> before = readLog(consumer, PARTITION, HISTORY);
            recorder.table("before", List.of("offset", "key", "value"), logRows(before));

            // The cleaner never touches the segment being written to; a record arriving more than segment.ms
            // after the segment began closes it. So: tick until the cleaner has compacted the history.
            Poll.until("the log cleaner to compact the topic's history", Duration.ofSeconds(60), () -> {
                producer.send(new ProducerRecord<>(TOPIC, "clock", "tick")).get(30, TimeUnit.SECONDS);
                return readLog(consumer, PARTITION, HISTORY).size() < HISTORY;
            });
            List<ConsumerRecord<String, String>> after = readLog(consumer, PARTITION, HISTORY);
            recorder.table("after", List.of("offset", "key", "value"), logRows(after));

            assertEquals(
                    List.of(3L, 4L, 5L),
                    after.stream().map(ConsumerRecord::offset).toList(),
                    "compaction keeps the last record of each key: plum@3, apple@4 and pear's tombstone@5");
            assertEquals(
                    latestValuePerKey(before),
                    latestValuePerKey(after),
                    "the view built from the compacted log is the view built from the whole history");
        }
    }

    // tag::replay[]
    /** A new consumer, a new map: nothing of an earlier view is carried over. */
    static Map<String, String> buildView(Properties consumerProps, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            return latestValuePerKey(readLog(consumer, partition, end));
        }
    }

    /** Reads the partition from its first offset up to {@code end}, as a new service would at start-up. */
    static List<ConsumerRecord<String, String>> readLog(
            Consumer<String, String> consumer, TopicPartition partition, long end) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        List<ConsumerRecord<String, String>> log = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (consumer.position(partition) < end) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(
                        "read up to offset " + consumer.position(partition) + " of " + end + " in 30 s");
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                if (record.offset() < end) {
                    log.add(record);
                }
            }
        }
        return log;
    }

    /** The view: the latest value of each key, where a tombstone (a null value) deletes the key. */
    static Map<String, String> latestValuePerKey(List<ConsumerRecord<String, String>> log) {
        Map<String, String> view = new TreeMap<>();
        for (ConsumerRecord<String, String> record : log) {
            if (record.value() == null) {
                view.remove(record.key());
            } else {
                view.put(record.key(), record.value());
            }
        }
        return view;
    }
    // end::replay[]

    private static List<List<Object>> rows(Map<String, String> view) {
        return view.entrySet().stream()
                .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                .toList();
    }

    private static List<List<Object>> logRows(List<ConsumerRecord<String, String>> log) {
        return log.stream()
                .map(r -> List.<Object>of(r.offset(), r.key(), r.value() == null ? "null (tombstone)" : r.value()))
                .toList();
    }
}
