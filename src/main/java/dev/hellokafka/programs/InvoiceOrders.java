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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * The invoice processor: in the group invoicing, it reads the topic orders and, for each batch,
 * writes an invoice per order to invoices, in one transaction with the group's new offsets, and
 * mails each invoice once it is stored, until Ctrl-C. A batch that fails is aborted and read
 * again; a producer that can do nothing more (fenced by a successor) ends the program.
 */
public final class InvoiceOrders {

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
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // transactions commit
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4); // small batches, to see them
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        // The same id for this instance of the processor on every start (a second instance would
        // need an id of its own): implies acks=all and idempotence.
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "invoicer");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps);
        Cluster.stopOnCtrlC(consumer::wakeup);
        Producer<String, String> producer = new KafkaProducer<>(producerProps);
        MailServer mailServer = new MailServer();
        try {
            producer.initTransactions(); // aborts what an earlier invoicer left open, fences it out
            consumer.subscribe(List.of("orders"));
            System.out.println("Invoicing orders in the group invoicing. Ctrl-C stops.");
            while (true) {
                ConsumerRecords<String, String> batch = consumer.poll(Duration.ofSeconds(1));
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    producer.beginTransaction();
                    List<Future<RecordMetadata>> sent = new ArrayList<>();
                    for (ConsumerRecord<String, String> order : batch) {
                        sent.add(producer.send(
                                new ProducerRecord<>("invoices", order.key(), invoice(order))));
                    }
                    awaitStored(sent); // the invoices are stored, in the open transaction; then
                    for (ConsumerRecord<String, String> order : batch) {
                        mailServer.mail(invoice(order)); // outside Kafka: no abort takes it back
                    }
                    // The group's new offsets, in the transaction: committed with the invoices.
                    producer.sendOffsetsToTransaction(next(batch), consumer.groupMetadata());
                    producer.commitTransaction();
                    System.out.println("committed: " + numbers(batch));
                } catch (ProducerFencedException
                        | OutOfOrderSequenceException
                        | AuthorizationException
                        | TimeoutException e) {
                    // No transaction of this producer can succeed any more; or a call timed out,
                    // and must be made again, not aborted: a restart's initTransactions() ends it.
                    throw e;
                } catch (KafkaException | IOException e) {
                    producer.abortTransaction(); // undoes the invoices and the offsets ...
                    rewind(consumer); // ... but not the consumer's position: move it back
                    System.out.println(
                            "aborted:   " + numbers(batch) + " (" + e.getMessage() + ")");
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } catch (ProducerFencedException
                | OutOfOrderSequenceException
                | AuthorizationException
                | TimeoutException e) {
            System.out.println("Cannot go on, closing: " + e.getClass().getSimpleName());
            System.out.println("  " + e.getMessage());
        } finally {
            consumer.close();
            producer.close();
        }
    }

    /**
     * Waits until the broker has stored each record; throws the exception of a send that failed.
     * (flush() waits too, but does not say whether the sends succeeded.)
     */
    static void awaitStored(List<Future<RecordMetadata>> sent) throws InterruptedException {
        for (Future<RecordMetadata> stored : sent) {
            try {
                stored.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof KafkaException failure
                        ? failure
                        : new KafkaException(e.getCause());
            }
        }
    }

    static String invoice(ConsumerRecord<String, String> order) {
        return "invoice for " + order.value();
    }

    /** The offsets to commit once a batch is processed: per partition, the one after its last. */
    static Map<TopicPartition, OffsetAndMetadata> next(ConsumerRecords<String, String> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<String, String>> records = batch.records(partition);
            long last = records.get(records.size() - 1).offset();
            offsets.put(partition, new OffsetAndMetadata(last + 1));
        }
        return offsets;
    }

    /**
     * Moves the consumer back to its group's committed offsets (to the first record where it has
     * none), so that the next poll gives the aborted batch again; without it, the next poll goes
     * on after the batch, and once a later transaction commits, no member of the group will ever
     * process the batch.
     */
    static void rewind(Consumer<String, String> consumer) {
        Map<TopicPartition, OffsetAndMetadata> committed =
                consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
    }

    /** "orders 1, 2, 3, 4" for the batch of those orders. */
    static String numbers(ConsumerRecords<String, String> batch) {
        return StreamSupport.stream(batch.spliterator(), false)
                .map(order -> order.value().replace("order ", ""))
                .collect(Collectors.joining(", ", "orders ", ""));
    }

    /**
     * A stand-in for a mail server, outside Kafka: it mails by printing, and it does not answer
     * the first time it is asked to mail the invoice for order 7, as a real one sometimes does not.
     */
    static final class MailServer {
        private boolean failedOnce;

        void mail(String invoice) throws IOException {
            if (invoice.equals("invoice for order 7") && !failedOnce) {
                failedOnce = true;
                throw new IOException("the mail server did not answer");
            }
            System.out.println("mailed:    " + invoice);
        }
    }
}
