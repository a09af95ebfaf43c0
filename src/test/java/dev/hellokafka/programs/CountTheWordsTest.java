package dev.hellokafka.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Properties;

/** The word count's topology, tested without a broker: every update it writes, in order. */
class CountTheWordsTest {

    @Test
    void everyNewCountIsARecord() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count");
        try (TopologyTestDriver driver =
                new TopologyTestDriver(CountTheWords.wordCount("lines", "word-counts"), props)) {
            TestInputTopic<String, String> lines = driver.createInputTopic(
                    "lines", new StringSerializer(), new StringSerializer());
            TestOutputTopic<String, Long> counts = driver.createOutputTopic(
                    "word-counts", new StringDeserializer(), new LongDeserializer());

            lines.pipeInput("Hello, World!"); // processed at once, in this thread
            lines.pipeInput("Hello, Kafka Streams");
            lines.pipeInput("Kafka Streams counts words");

            assertEquals(
                    List.of(
                            KeyValue.pair("hello", 1L),
                            KeyValue.pair("world", 1L),
                            KeyValue.pair("hello", 2L),
                            KeyValue.pair("kafka", 1L),
                            KeyValue.pair("streams", 1L),
                            KeyValue.pair("kafka", 2L),
                            KeyValue.pair("streams", 2L),
                            KeyValue.pair("counts", 1L),
                            KeyValue.pair("words", 1L)),
                    counts.readKeyValuesToList()); // every update, in order
        }
    }
}
