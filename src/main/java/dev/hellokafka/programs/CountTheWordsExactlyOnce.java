package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The word count of the chapter "The Streams API", exactly once: it counts the words of the lines
 * written to eos-lines, and writes each word's new count to eos-word-counts in transactions, until
 * Ctrl-C.
 */
public final class CountTheWordsExactlyOnce {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("eos-lines", 1, (short) 1));
        Cluster.createTopic(adminProps, new NewTopic("eos-word-counts", 1, (short) 1));

        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        streamsProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count-eos");
        streamsProps.put(
                StreamsConfig.PROCESSING_GUARANTEE_CONFIG,
                StreamsConfig.EXACTLY_ONCE_V2); // the change
        // Every count forwarded at once, so that each update can be watched, as in the Streams API
        // chapter; an application keeps the cache.
        streamsProps.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);

        KafkaStreams streams =
                new KafkaStreams(wordCount("eos-lines", "eos-word-counts"), streamsProps);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                stopped.countDown(); // it failed: its log says why
            }
        });
        Cluster.stopOnCtrlC(stopped::countDown); // Ctrl-C ends the wait, and waits for main to end
        streams.start();
        System.out.println("Counting the words of eos-lines, exactly once. Ctrl-C stops.");
        stopped.await();
        // close() stops the application's threads and commits what they processed.
        streams.close(Duration.ofSeconds(5));
        System.out.println(streams.state() == KafkaStreams.State.ERROR ? "Failed." : "Stopped.");
    }

    /** The application's topology: lines in, a running count per word out. */
    public static Topology wordCount(String lines, String wordCounts) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(lines, Consumed.with(Serdes.String(), Serdes.String()))
                .flatMapValues(line -> List.of(line.toLowerCase(Locale.ROOT).split("\\W+")))
                .groupBy((key, word) -> word, Grouped.with(Serdes.String(), Serdes.String()))
                .count()
                .toStream()
                .to(wordCounts, Produced.with(Serdes.String(), Serdes.Long()));
        return builder.build();
    }
}
