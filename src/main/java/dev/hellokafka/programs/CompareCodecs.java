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
 * Which compression.type suits these orders? Sends the same 2,000 small JSON orders to
 * order-batches with each of three codecs, in batches of up to 64 KiB, and prints each producer's
 * compression-rate-avg: a batch's compressed size divided by its size without compression.
 */
public final class CompareCodecs {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("order-batches", 1, (short) 1));

        Properties batchingProps = new Properties();
        batchingProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        batchingProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        batchingProps.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        batchingProps.put(ProducerConfig.BATCH_SIZE_CONFIG, 65536);
        batchingProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        batchingProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        System.out.println("2000 orders in batches of up to 64 KiB, with each compression.type:");
        sendCompressed(batchingProps, "none");
        sendCompressed(batchingProps, "lz4");
        sendCompressed(batchingProps, "zstd"); // gzip and snappy are the others
    }

    /** Sends the orders with this codec and prints the producer's compression-rate-avg. */
    private static void sendCompressed(Properties batchingProps, String codec) throws Exception {
        Properties compressedProps = new Properties();
        compressedProps.putAll(batchingProps);
        compressedProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
        try (Producer<String, String> producer = new KafkaProducer<>(compressedProps)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String order = "{\"order\": " + i + ", \"item\": \"apple\", \"quantity\": 3,"
                        + " \"note\": \"deliver to the back door\"}";
                sent.add(producer.send(new ProducerRecord<>("order-batches", order)));
            }
            producer.flush();
            for (Future<RecordMetadata> stored : sent) {
                stored.get(); // every order stored, or an exception here
            }
            for (Map.Entry<MetricName, ? extends Metric> metric :
                    producer.metrics().entrySet()) {
                if (metric.getKey().group().equals("producer-metrics")
                        && metric.getKey().name().equals("compression-rate-avg")) {
                    System.out.printf(
                            "  %-5s compression-rate-avg %.2f%n",
                            codec, (Double) metric.getValue().metricValue());
                }
            }
        }
    }
}
