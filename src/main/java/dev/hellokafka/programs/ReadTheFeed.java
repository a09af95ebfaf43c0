package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the orders sent to order-feed from now on, with the consumer's default fetch settings,
 * until Ctrl-C; then says, from the consumer's own metrics, how many fetches brought them.
 */
public final class ReadTheFeed {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("order-feed", 1, (short) 1));

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        int read = 0;
        double firstFetch = -1; // the fetch count when the first orders came, and the last
        double lastFetch = -1;
        try {
            TopicPartition partition = new TopicPartition("order-feed", 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            long start = consumer.position(partition);
            System.out.println("Reading order-feed from offset " + start + ". Ctrl-C stops.");
            while (true) {
                ConsumerRecords<String, String> orders = consumer.poll(Duration.ofSeconds(1));
                if (orders.isEmpty()) {
                    continue;
                }
                lastFetch = fetches(consumer);
                if (firstFetch < 0) {
                    firstFetch = lastFetch;
                }
                for (int step = (read / 100 + 1) * 100;
                        step <= read + orders.count();
                        step += 100) {
                    System.out.println(step + " orders read");
                }
                read += orders.count();
            }
        } catch (WakeupException e) {
            long fetched = firstFetch < 0 ? 0 : Math.round(lastFetch - firstFetch) + 1;
            System.out.println("Stopped. From the first order to the last:");
            System.out.println("  orders read:       " + read);
            System.out.println("  fetches:           " + fetched);
            System.out.printf(
                    "  orders per fetch:  %.1f%n", fetched == 0 ? 0 : read / (double) fetched);
        } finally {
            consumer.close();
        }
    }

    /** The fetch requests the consumer has sent so far, from its own metrics. */
    private static double fetches(Consumer<String, String> consumer) {
        for (Map.Entry<MetricName, ? extends Metric> metric : consumer.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.group().equals("consumer-fetch-manager-metrics")
                    && name.name().equals("fetch-total")) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new IllegalStateException("the consumer has no metric fetch-total");
    }
}
