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
 * The word count, a Kafka Streams application: it counts the words of the lines written to the
 * topic lines, and writes each word's new count to word-counts, until Ctrl-C.
 */
public final class CountTheWords {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        // Streams does not wait for a source topic the broker does not know: it stops at once.
        Cluster.createTopic(adminProps, new NewTopic("lines", 1, (short) 1));
        Cluster.createTopic(adminProps, new NewTopic("word-counts", 1, (short) 1));

        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        streamsProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, "word-count"); // group, topic prefix
        // Forward every count at once, instead of caching and committing every 30 s, so that each
        // update can be watched; an application keeps the defaults, which write far fewer records.
        streamsProps.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        streamsProps.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        Topology topology = wordCount("lines", "word-counts");
        System.out.print(topology.describe()); // what Streams built from it
        KafkaStreams streams = new KafkaStreams(topology, streamsProps);
        CountDownLatch stopped = new CountDownLatch(1);
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                stopped.countDown(); // it failed: its log says why
            }
        });
        Cluster.stopOnCtrlC(stopped::countDown); // Ctrl-C ends the wait, and waits for main to end
        streams.start(); // the work happens in the application's own threads
        System.out.println("Counting the words of lines into word-counts. Ctrl-C stops.");
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
