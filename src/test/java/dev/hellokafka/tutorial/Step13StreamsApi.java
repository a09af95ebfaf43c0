package dev.hellokafka.tutorial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Step 13 · The Streams API")
@ExtendWith(Tutorial.class)
class Step13StreamsApi {

    private static final List<String> LINES =
            List.of("Hello, World!", "Hello, Kafka Streams", "Kafka Streams counts words");
    private static final Map<String, Long> COUNTS =
            Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L);

    private final Broker broker;
    private final Docs docs;

    Step13StreamsApi(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
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
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
        try (TopologyTestDriver driver = new TopologyTestDriver(wordCount("lines", "word-counts"), props)) {
            TestInputTopic<String, String> lines =
                    driver.createInputTopic("lines", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, Long> counts =
                    driver.createOutputTopic("word-counts", new StringDeserializer(), new LongDeserializer());

            LINES.forEach(lines::pipeInput);
            List<KeyValue<String, Long>> updates = counts.readKeyValuesToList();
            // end::test-driver[]
            docs.output(
                    "updates",
                    String.join("\n", updates.stream().map(KeyValue::toString).toList()));
            assertEquals(9, updates.size(), "one update per word of the three lines");
            // tag::test-driver[]
            assertEquals(COUNTS, latestPerKey(updates));
        }
        // end::test-driver[]
        docs.output("topology", wordCount("lines", "word-counts").describe().toString());
    }

    @Test
    @Order(2)
    @DisplayName("the same topology, running as an application against the broker")
    void runningApplication(@TempDir Path stateDir) throws Exception {
        String run = UUID.randomUUID().toString();
        String input = "lines-" + run;
        String output = "word-counts-" + run;
        Setup.createTopicsIfAbsent(broker, new NewTopic(input, 1, (short) 1), new NewTopic(output, 1, (short) 1));

        // tag::application[]
        Properties props = new Properties();
        // end::application[]
        props.putAll(broker.clientProperties());
        // tag::application[]
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count-" + run); // its group and internal topics
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString()); // where the counts live locally
        // Forward every count at once, instead of caching and committing every 30 s.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        KafkaStreams streams = new KafkaStreams(wordCount(input, output), props);
        streams.start();
        // end::application[]
        try {
            try (Producer<String, String> producer = new KafkaProducer<>(Setup.stringProducerProps(broker))) {
                for (String line : LINES) {
                    producer.send(new ProducerRecord<>(input, line)).get(30, TimeUnit.SECONDS);
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            Properties consumerProps = Setup.stringConsumerProps(broker);
            consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, LongDeserializer.class);
            consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "word-count-reader-" + run);
            consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (Consumer<String, Long> consumer = new KafkaConsumer<>(consumerProps)) {
                consumer.subscribe(List.of(output));
                await("the application to count every word")
                        .pollInSameThread()
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> {
                            consumer.poll(Duration.ofMillis(100)).forEach(r -> counts.put(r.key(), r.value()));
                            return counts.equals(COUNTS);
                        });
            }
            docs.table(
                    "counts",
                    List.of("word", "count"),
                    counts.entrySet().stream()
                            .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                            .toList());
            docs.output("state", "application state: " + streams.state());
            assertEquals(COUNTS, counts, "the application counts what the test driver counted");
        } finally {
            // tag::application[]
            streams.close(Duration.ofSeconds(10));
            // end::application[]
        }
    }

    private static Map<String, Long> latestPerKey(List<KeyValue<String, Long>> updates) {
        Map<String, Long> latest = new TreeMap<>();
        updates.forEach(update -> latest.put(update.key, update.value));
        return latest;
    }
}
