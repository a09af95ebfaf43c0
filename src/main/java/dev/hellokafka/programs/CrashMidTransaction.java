package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;

/**
 * A demonstration, not an application: the invoice processor (InvoiceOrders, with its group,
 * transactional.id and settings) as a process that crashes. It commits one batch, then dies in
 * the middle of the next transaction: that batch's invoices are written and mailed, and the
 * transaction is neither committed nor aborted.
 */
public final class CrashMidTransaction {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("orders", 1, (short) 1));
        Cluster.createTopic(adminProps, new NewTopic("invoices", 1, (short) 1));

        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        consumerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "invoicing");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "invoicer");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Producer<String, String> producer = new KafkaProducer<>(producerProps);
        producer.initTransactions();
        consumer.subscribe(List.of("orders"));
        commitOneBatchThenDie(consumer, producer);
    }

    /**
     * Invoices, mails and commits one batch with its offsets, then invoices and mails the next
     * one and dies in the middle of its transaction: the producer stops at once, without
     * committing or aborting, as a crashed process would.
     */
    private static void commitOneBatchThenDie(
            Consumer<String, String> consumer, Producer<String, String> producer) throws Exception {
        ConsumerRecords<String, String> batch = nextBatch(consumer);
        producer.beginTransaction();
        String orders = invoiceAndMail(batch, producer);
        producer.sendOffsetsToTransaction(next(batch), consumer.groupMetadata());
        producer.commitTransaction();
        System.out.println("committed: " + orders);

        producer.beginTransaction();
        invoiceAndMail(nextBatch(consumer), producer); // in the log, in an open transaction, when
        System.out.println("The process dies now, in the middle of the transaction.");
        producer.close(Duration.ZERO); // ... the producer stops at once: no commit, no abort
        // A crashed consumer would stay in its group until the session timeout; this one leaves.
        consumer.close();
    }

    /** Writes and mails an invoice per order; returns "orders 1, 2, 3, 4" for those orders. */
    private static String invoiceAndMail(
            ConsumerRecords<String, String> batch, Producer<String, String> producer)
            throws Exception {
        List<String> numbers = new ArrayList<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<String, String> order : batch) {
            sent.add(producer.send(new ProducerRecord<>("invoices", order.key(), invoice(order))));
            numbers.add(order.value().replace("order ", ""));
        }
        for (Future<RecordMetadata> stored : sent) {
            stored.get(); // stored, in the open transaction, before they are mailed
        }
        for (ConsumerRecord<String, String> order : batch) {
            System.out.println("mailed:    " + invoice(order));
        }
        return "orders " + String.join(", ", numbers);
    }

    private static String invoice(ConsumerRecord<String, String> order) {
        return "invoice for " + order.value();
    }

    /** Polls until a batch arrives, for at most 30 s. */
    private static ConsumerRecords<String, String> nextBatch(Consumer<String, String> consumer) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            ConsumerRecords<String, String> batch = consumer.poll(Duration.ofMillis(100));
            if (!batch.isEmpty()) {
                return batch;
            }
        }
        throw new IllegalStateException("no orders within 30 s: run SendOrders first");
    }

    private static Map<TopicPartition, OffsetAndMetadata> next(
            ConsumerRecords<String, String> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<String, String>> records = batch.records(partition);
            offsets.put(
                    partition,
                    new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }
}
