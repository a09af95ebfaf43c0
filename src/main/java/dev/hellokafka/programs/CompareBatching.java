package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * Sends the same 200 small JSON orders to order-batches twice: one at a time with the default
 * settings, each once the one before was stored; then all at once with settings for batching. For
 * each, the producer's own metrics say how many produce requests carried the orders.
 */
public final class CompareBatching {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("order-batches", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 200; i++) {
                producer.send(new ProducerRecord<>("order-batches", order(i))).get(); // wait
            }
            print("200 orders, each sent once the one before was stored", producer);
        }

        Properties batchingProps = new Properties();
        batchingProps.putAll(producerProps);
        batchingProps.put(ProducerConfig.LINGER_MS_CONFIG, 20); // wait up to 20 ms for more
        batchingProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536); // 64 KiB (default 16 KiB)
        try (Producer<String, String> producer = new KafkaProducer<>(batchingProps)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                sent.add(producer.send(new ProducerRecord<>("order-batches", order(i))));
            }
            producer.flush();
            for (Future<RecordMetadata> stored : sent) {
                stored.get(); // every order stored, or an exception here
            }
            print("200 orders, all sent at once, then flush()", producer);
        }
    }

    /** A small JSON order, as a shop's checkout might send it. */
    static String order(int i) {
        return "{\"order\": " + i + ", \"item\": \"apple\", \"quantity\": 3,"
                + " \"note\": \"deliver to the back door\"}";
    }

    /** What the producer's own metrics say about the requests that carried its records. */
    private static void print(String how, Producer<String, String> producer) {
        double records = metric(producer, "record-send-total");
        double perRequest = metric(producer, "records-per-request-avg");
        System.out.println(how + ":");
        System.out.printf("  produce requests:    %d%n", Math.round(records / perRequest));
        System.out.printf("  orders per request:  %.1f%n", perRequest);
    }

    private static double metric(Producer<String, String> producer, String name) {
        for (Map.Entry<MetricName, ? extends Metric> metric : producer.metrics().entrySet()) {
            if (metric.getKey().group().equals("producer-metrics")
                    && metric.getKey().name().equals(name)) {
                return ((Number) metric.getValue().metricValue()).doubleValue();
            }
        }
        throw new IllegalStateException("the producer has no metric " + name);
    }
}
