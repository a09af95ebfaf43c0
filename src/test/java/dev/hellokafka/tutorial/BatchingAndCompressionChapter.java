package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * What the producer's batching and compression settings change, and the consumer's fetch settings, shown with
 * the clients' own metrics. The page states only facts that hold on every run (fewer requests, smaller batches,
 * fewer fetches); the numbers are the benchmark's business ({@code ./mvnw -Pbench verify}).
 */
@ExtendWith(TutorialExtension.class)
@Execution(ExecutionMode.CONCURRENT) // its tests share nothing but the broker, so they run side by side
class BatchingAndCompressionChapter {

    private static final int RECORDS = 2_000;
    /** Waiting for each record costs a round trip plus linger.ms each: fewer records for that comparison. */
    private static final int RECORDS_ONE_BY_ONE = 200;

    private final String topic = "order-batches-" + UUID.randomUUID();
    private final Broker broker;
    private final Recorder recorder;

    BatchingAndCompressionChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
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
    @DisplayName("batching: the same records in far fewer requests")
    void batching() throws Exception {
        String topic = this.topic;
        String bootstrapServers = broker.bootstrapServers();
        // tag::topic[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::topic[]
        adminProps.putAll(broker.securitySettings());
        // tag::topic[]
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // end::topic[]
        Fixtures.awaitTopicKnown(broker, topic); // before the first send: see there why
        Properties producerProps = producerProps();
        // tag::batching[]
        Map<String, Double> oneAtATime = sendAndMeasure(producerProps, topic, 200, true);

        Properties batchingProps = new Properties();
        batchingProps.putAll(producerProps);
        batchingProps.put(ProducerConfig.LINGER_MS_CONFIG, 20); // wait up to 20 ms for more records to join a batch
        batchingProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536); // and let a batch grow to 64 KiB (default 16 KiB)
        Map<String, Double> batched = sendAndMeasure(batchingProps, topic, 200, false);
        // end::batching[]

        boolean fewer = batched.get("request-total") * 10 < oneAtATime.get("request-total");
        double perRequestAlone = oneAtATime.get("records-per-request-avg");
        double perRequestBatched = batched.get("records-per-request-avg");
        recorder.table(
                "batching",
                List.of(
                        "how the records were sent",
                        "records",
                        "one request per record?",
                        "more than 10 records per request?"),
                List.of(
                        List.of(
                                "`send(...).get()` for each record, defaults",
                                RECORDS_ONE_BY_ONE,
                                perRequestAlone < 1.5,
                                perRequestAlone > 10),
                        List.of(
                                "`send` all, then `flush`, `linger.ms=20`, `batch.size=65536`",
                                RECORDS_ONE_BY_ONE,
                                perRequestBatched < 1.5,
                                perRequestBatched > 10)));
        recorder.output("fewer", "batched sent fewer than a tenth of the requests: " + fewer);

        assertEquals(RECORDS_ONE_BY_ONE, oneAtATime.get("record-send-total"), 0.1);
        assertEquals(RECORDS_ONE_BY_ONE, batched.get("record-send-total"), 0.1);
        assertTrue(fewer, "batching cut the requests: " + oneAtATime + " vs " + batched);
    }

    @Test
    @Order(2)
    @DisplayName("compression: the same batches, smaller")
    void compression() throws Exception {
        String topic = this.topic;
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));
        Properties batchingProps = producerProps();
        batchingProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        batchingProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        double plain = sendAndMeasure(batchingProps, topic, RECORDS, false).get("compression-rate-avg");
        List<List<Object>> rows = new ArrayList<>();
        rows.add(List.of("`none`", plain < 0.5));
        // tag::compression[]
        for (String codec : List.of("lz4", "zstd")) {
            Properties compressedProps = new Properties();
            compressedProps.putAll(batchingProps);
            compressedProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec); // lz4, zstd; also gzip and snappy
            double rate = sendAndMeasure(compressedProps, topic, 2_000, false).get("compression-rate-avg");
            // end::compression[]
            rows.add(List.of("`" + codec + "`", rate < 0.5));
            assertTrue(rate < 0.5, codec + " compressed these records to less than half: " + rate);
            // tag::compression[]
        }
        // end::compression[]
        recorder.table(
                "compression", List.of("compression.type", "batches smaller than half their records' size?"), rows);
        assertEquals(1.0, plain, 0.001, "without compression a batch is as large as its records");
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
    @Order(3)
    @DisplayName("fetching: a consumer that asks the broker to wait for more data makes far fewer requests")
    void fetching() throws Exception {
        String topic = "order-feed-" + UUID.randomUUID();
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));
        recorder.registerRunValue(topic, "order-feed");
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::fetching[]
        Map<String, Double> eager = readWhileWritten(consumerProps, producerProps, topic, 200);

        Properties patientProps = new Properties();
        patientProps.putAll(consumerProps);
        patientProps.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 65536); // answer once 64 KiB are there (default 1)
        patientProps.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1_000); // or 1 s has passed (default 500 ms)
        Map<String, Double> patient = readWhileWritten(patientProps, producerProps, topic, 200);
        // end::fetching[]

        boolean fewer = patient.get("fetch-total") * 10 < eager.get("fetch-total");
        recorder.table(
                "fetching",
                List.of("consumer settings", "records read", "fetches returned more than 5 records each?"),
                List.of(
                        List.of("defaults: `fetch.min.bytes=1`", 200, eager.get("records-per-request-avg") > 5),
                        List.of(
                                "`fetch.min.bytes=65536`, `fetch.max.wait.ms=1000`",
                                200,
                                patient.get("records-per-request-avg") > 5)));
        recorder.output("fewer-fetches", "the patient consumer sent fewer than a tenth of the fetches: " + fewer);
        assertEquals(200, eager.get("records-consumed-total"), 0.1);
        assertEquals(200, patient.get("records-consumed-total"), 0.1);
        assertTrue(fewer, "fetch.min.bytes cut the fetches: " + eager + " vs " + patient);
    }

    @Test
    @Order(4)
    @DisplayName("max.poll.records: how many records one poll hands over, not how many are fetched")
    void maxPollRecords() throws Exception {
        String topic = "order-backlog-" + UUID.randomUUID();
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));
        Properties batchingProps = producerProps();
        batchingProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        sendAndMeasure(batchingProps, topic, RECORDS, false); // a backlog of 2,000 orders
        Properties consumerProps = consumerProps();
        List<List<Object>> rows = new ArrayList<>();
        // tag::max-poll-records[]
        for (int maxPollRecords : List.of(500, 50)) {
            Properties props = new Properties();
            props.putAll(consumerProps);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords); // default 500
            List<Integer> polls = readBacklog(props, topic, 2_000); // records per poll that returned any
            // end::max-poll-records[]
            int largest = polls.stream().mapToInt(Integer::intValue).max().orElse(0);
            rows.add(List.of(
                    "`max.poll.records=" + maxPollRecords + "`",
                    polls.stream().mapToInt(Integer::intValue).sum(),
                    largest <= maxPollRecords,
                    polls.size() >= RECORDS / maxPollRecords));
            assertTrue(largest <= maxPollRecords, "no poll hands over more than " + maxPollRecords + ": " + polls);
            assertEquals(RECORDS, polls.stream().mapToInt(Integer::intValue).sum());
            // tag::max-poll-records[]
        }
        // end::max-poll-records[]
        recorder.table(
                "max-poll-records",
                List.of(
                        "consumer settings",
                        "records read",
                        "no poll returned more than max.poll.records?",
                        "at least 2,000 / max.poll.records polls?"),
                rows);
    }

    // tag::send-and-measure[]
    /** Sends small JSON orders with these settings and returns the producer's metrics that tell what it did. */
    static Map<String, Double> sendAndMeasure(Properties props, String topic, int records, boolean waitForEach)
            throws Exception {
        try (Producer<String, String> producer = new KafkaProducer<>(props)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                String order = "{\"order\": " + i + ", \"item\": \"apple\", \"quantity\": 3,"
                        + " \"note\": \"deliver to the back door\"}";
                Future<RecordMetadata> ack = producer.send(new ProducerRecord<>(topic, order));
                if (waitForEach) {
                    ack.get(); // wait for this record before sending the next
                }
                sent.add(ack);
            }
            producer.flush();
            for (Future<RecordMetadata> ack : sent) {
                ack.get(); // every record stored, or an exception here
            }
            Map<String, Double> metrics = new TreeMap<>();
            for (Map.Entry<MetricName, ? extends Metric> metric :
                    producer.metrics().entrySet()) {
                MetricName name = metric.getKey();
                if (name.group().equals("producer-metrics")
                        && List.of(
                                        "request-total",
                                        "record-send-total",
                                        "records-per-request-avg",
                                        "compression-rate-avg")
                                .contains(name.name())) {
                    metrics.put(name.name(), ((Number) metric.getValue().metricValue()).doubleValue());
                }
            }
            return metrics;
        }
    }
    // end::send-and-measure[]

    // tag::read-and-measure[]
    /**
     * Reads the next {@code records} records of the topic's partition 0 while another thread writes them, one at
     * a time, and returns the consumer's metrics that tell how it fetched them.
     */
    static Map<String, Double> readWhileWritten(
            Properties consumerProps, Properties producerProps, String topic, int records) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition); // the end as it is now, before the writer starts
            Thread writer = new Thread(() -> {
                try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
                    for (int i = 0; i < records; i++) {
                        producer.send(new ProducerRecord<>(topic, "{\"order\": " + i + "}"))
                                .get(); // one by one
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("the writer stopped", e);
                }
            });
            writer.start();
            int read = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (read < records) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("read " + read + " of " + records + " records in 30 s");
                }
                read += consumer.poll(Duration.ofMillis(100)).count();
            }
            writer.join();
            Map<String, Double> metrics = new TreeMap<>();
            for (Map.Entry<MetricName, ? extends Metric> metric :
                    consumer.metrics().entrySet()) {
                MetricName name = metric.getKey();
                if (name.group().equals("consumer-fetch-manager-metrics")
                        && !name.tags().containsKey("topic")
                        && List.of("fetch-total", "records-per-request-avg", "records-consumed-total")
                                .contains(name.name())) {
                    metrics.put(name.name(), ((Number) metric.getValue().metricValue()).doubleValue());
                }
            }
            return metrics;
        }
    }

    /** Reads the topic's partition 0 from its start until it has this many records: how many each poll gave. */
    static List<Integer> readBacklog(Properties consumerProps, String topic, int records) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<Integer> polls = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            int read = 0;
            long deadline = System.currentTimeMillis() + 30_000;
            while (read < records) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("read " + read + " of " + records + " records in 30 s");
                }
                int count = consumer.poll(Duration.ofMillis(100)).count();
                if (count > 0) {
                    polls.add(count);
                    read += count;
                }
            }
        }
        return polls;
    }
    // end::read-and-measure[]
}
