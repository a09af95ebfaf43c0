package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class StreamsApiChapter {

    private static final Map<String, Long> COUNTS =
            Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L);

    private final Broker broker;
    private final Recorder recorder;

    StreamsApiChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    // tag::topology[]
    static Topology wordCount(String input, String output) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to(output, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }
    // end::topology[]

    @Test
    @Order(1)
    @DisplayName("the topology, tested without a broker by TopologyTestDriver")
    void topologyTestDriver() {
        // tag::test-driver[]
        Properties driverProps = new Properties();
        driverProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
        List<KeyValue<String, Long>> updates;
        try (TopologyTestDriver driver = new TopologyTestDriver(wordCount("lines", "word-counts"), driverProps)) {
            TestInputTopic<String, String> input =
                    driver.createInputTopic("lines", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, Long> output =
                    driver.createOutputTopic("word-counts", new StringDeserializer(), new LongDeserializer());

            input.pipeInput("Hello, World!");
            input.pipeInput("Hello, Kafka Streams");
            input.pipeInput("Kafka Streams counts words");
            updates = output.readKeyValuesToList(); // every update, in order
        }
        // end::test-driver[]
        recorder.output(
                "updates",
                String.join("\n", updates.stream().map(KeyValue::toString).toList()));
        assertEquals(9, updates.size(), "one update per word of the three lines");
        assertEquals(COUNTS, latestPerKey(updates), "the last update of each word is its count");
        recorder.output("topology", wordCount("lines", "word-counts").describe().toString());
    }

    @Test
    @Order(2)
    @DisplayName("the same topology, running as an application against the broker")
    void runningApplication() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String run = UUID.randomUUID().toString(); // new topics and a new application on every run
        String lines = "lines-" + run;
        String wordCounts = "word-counts-" + run;
        String applicationId = "word-count-" + run;
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::topics[]
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(new NewTopic(lines, 1, (short) 1), new NewTopic(wordCounts, 1, (short) 1)))
                        .all()
                        .get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // Streams stops at once when the broker does not know a source topic yet: wait until it does.
            long deadline = System.currentTimeMillis() + 30_000;
            while (!admin.listTopics().names().get().containsAll(List.of(lines, wordCounts))) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the broker did not know " + lines + " after 30 s");
                }
            }
        }
        // end::topics[]
        Fixtures.awaitTopicKnown(broker, lines, wordCounts); // before the first send: see there why
        // tag::application-props[]
        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId); // its group and internal topics
        // Forward every count at once, instead of caching and committing every 30 s.
        streamsProps.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        streamsProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // end::application-props[]
        streamsProps.putAll(broker.securitySettings());
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-reader");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer group protocol: step 20
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class); // the counts
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());

        KafkaStreams.State running;
        // tag::application[]
        Map<String, Long> counts = new TreeMap<>();
        KafkaStreams streams = new KafkaStreams(wordCount(lines, wordCounts), streamsProps);
        try {
            streams.start();
            try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
                for (String line : List.of("Hello, World!", "Hello, Kafka Streams", "Kafka Streams counts words")) {
                    producer.send(new ProducerRecord<>(lines, line)).get();
                }
            }
            try (Consumer<String, Long> consumer = new KafkaConsumer<>(consumerProps)) {
                consumer.subscribe(List.of(wordCounts));
                long deadline = System.currentTimeMillis() + 60_000;
                while (!counts.equals(
                        Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L))) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the counts after 60 s: " + counts);
                    }
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> counts.put(r.key(), r.value()));
                }
            }
            // end::application[]
            running = streams.state();
            // tag::application[]
        } finally {
            streams.close(Duration.ofSeconds(10));
            streams.cleanUp(); // removes its local state directory: this is a demonstration, not a service
        }
        // end::application[]
        recorder.table(
                "counts",
                List.of("word", "count"),
                counts.entrySet().stream()
                        .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                        .toList());
        recorder.output("state", "application state while it counted: " + running);
        assertEquals(COUNTS, counts, "the application counts what the test driver counted");
        assertEquals(KafkaStreams.State.RUNNING, running);
    }

    private static Map<String, Long> latestPerKey(List<KeyValue<String, Long>> updates) {
        Map<String, Long> latest = new TreeMap<>();
        updates.forEach(update -> latest.put(update.key, update.value));
        return latest;
    }
}
