package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends each line typed in the terminal as an entry to the topic journal, with short timeouts,
 * and prints what became of each: stored, or reported failed. At the end of the input (Ctrl-D) it
 * waits for the last outcomes and accounts for every entry.
 */
public final class WriteTheJournal {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("journal", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000); // send() waits for metadata
        producerProps.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000);
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2_000); // then it gives up
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        // Callbacks run on the producer's I/O thread, so what they count must be safe to share.
        AtomicInteger stored = new AtomicInteger();
        Map<String, Integer> failed = new TreeMap<>(); // by the exception's name
        int sent = 0;
        BufferedReader terminal = new BufferedReader(new InputStreamReader(System.in));
        System.out.println("Type an entry for journal and Enter; Ctrl-D ends.");
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            String entry;
            while ((entry = terminal.readLine()) != null) {
                String sending = entry;
                sent++;
                producer.send(new ProducerRecord<>("journal", sending), (metadata, error) -> {
                    // The only place where the entry's outcome is known.
                    if (error == null) {
                        stored.incrementAndGet();
                        System.out.println(sending + " stored at offset " + metadata.offset());
                    } else { // in a real application: log it, keep it for a retry, or stop
                        synchronized (failed) {
                            failed.merge(error.getClass().getSimpleName(), 1, Integer::sum);
                        }
                        System.out.println(
                                sending + " NOT stored: " + error.getClass().getSimpleName());
                    }
                });
            }
        } // close() waits until every entry sent has its outcome
        int reported = failed.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("entries sent:     " + sent);
        System.out.println("stored:           " + stored);
        System.out.println("reported failed:  " + reported + " " + failed);
        System.out.println("unaccounted for:  " + (sent - stored.get() - reported));
    }
}
