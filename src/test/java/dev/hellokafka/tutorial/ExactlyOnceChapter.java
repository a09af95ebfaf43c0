package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
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
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class ExactlyOnceChapter {

    private static final Map<String, Long> COUNTS =
            Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L);

    private final Broker broker;
    private final Recorder recorder;

    ExactlyOnceChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    private Properties adminProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        return adminProps;
    }

    private Properties producerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        return producerProps;
    }

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer"); // the newer group protocol: step 20
        consumerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // see below
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // the transactions commit
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 4); // small batches, to see them
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    // tag::helpers[]
    /** Creates the topic, and returns once it takes writes; one there already (an earlier run of the code) is fine. */
    static void createTopic(Properties adminProps, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            try {
                admin.createTopics(List.of(topic)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            // A leader takes writes once it has made its copy of the partition, a moment after the create returns,
            // and answers listOffsets from then on. Writing sooner can fail sends on Kafka 4.3 (KAFKA-15591).
            Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    admin.listOffsets(partitions).all().get();
                    break;
                } catch (ExecutionException e) {
                    // A broker that has not heard of the topic yet says so; the admin client retries the rest.
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                            || System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
            }
        }
    }

    /** The producer settings, for a transactional producer of this id. */
    static Properties transactional(Properties producerProps, String transactionalId) {
        Properties props = new Properties();
        props.putAll(producerProps);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId); // implies acks=all and idempotence
        return props;
    }

    /** The consumer settings, with another isolation level or in a group. */
    static Properties with(Properties consumerProps, String key, String value) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(key, value);
        return props;
    }
    // end::helpers[]

    // tag::read-partition[]
    /** Every record of the topic's partition 0 this consumer may see, from the first offset to the end. */
    static List<ConsumerRecord<String, String>> readPartition(Properties consumerProps, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition)); // no group: nothing to commit
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "at offset " + consumer.position(partition) + " of " + end + " after 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            }
        }
        return records;
    }
    // end::read-partition[]

    @Test
    @Order(1)
    @DisplayName("a transaction committed and one aborted: read_committed sees the first, and markers take offsets")
    void commitAndAbort() throws Exception {
        String topic = Fixtures.nameForThisRun(broker, "transfers"); // offsets from 0 on every run
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::commit-and-abort[]
        createTopic(adminProps, new NewTopic(topic, 1, (short) 1));
        try (Producer<String, String> producer =
                new KafkaProducer<>(transactional(producerProps, "transfers-writer"))) {
            producer.initTransactions(); // once, at start: registers the id, and ends what it left open before

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "transfer 1"));
            producer.send(new ProducerRecord<>(topic, "transfer 2"));
            producer.commitTransaction(); // both become visible to read_committed consumers, together

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "transfer 3"));
            producer.send(new ProducerRecord<>(topic, "transfer 4"));
            producer.flush(); // both are written to the log now ...
            producer.abortTransaction(); // ... and marked as aborted: no read_committed consumer will see them

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "transfer 5"));
            producer.commitTransaction();
        }
        List<ConsumerRecord<String, String>> committed =
                readPartition(with(consumerProps, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), topic);
        List<ConsumerRecord<String, String>> uncommitted =
                readPartition(with(consumerProps, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), topic);
        // end::commit-and-abort[]
        long end = Fixtures.endOffset(broker, topic);
        short transactionVersion;
        try (Admin admin = Admin.create(adminProps)) {
            transactionVersion = admin.describeFeatures()
                    .featureMetadata()
                    .get(30, TimeUnit.SECONDS)
                    .finalizedFeatures()
                    .get("transaction.version")
                    .maxVersionLevel();
        }
        Map<Long, String> seenCommitted = byOffset(committed);
        Map<Long, String> seenUncommitted = byOffset(uncommitted);
        List<List<Object>> rows = new ArrayList<>();
        for (long offset = 0; offset < end; offset++) {
            String record = seenUncommitted.get(offset);
            rows.add(List.of(
                    offset,
                    record == null ? "a transaction marker, not a record" : "`" + record + "`",
                    seenCommitted.containsKey(offset) ? "✔" : "–",
                    seenUncommitted.containsKey(offset) ? "✔" : "–"));
        }
        recorder.table("offsets", List.of("offset", "in the log", "read_committed", "read_uncommitted"), rows);
        recorder.output(
                "isolation",
                "read_committed:   " + committed.size() + " records " + values(committed) + "\n"
                        + "read_uncommitted: " + uncommitted.size() + " records " + values(uncommitted) + "\n"
                        + "end offset of the partition: " + end + "\n"
                        + "the cluster's transaction.version feature: " + transactionVersion);

        assertEquals(List.of("transfer 1", "transfer 2", "transfer 5"), values(committed), "only committed records");
        assertEquals(
                List.of("transfer 1", "transfer 2", "transfer 3", "transfer 4", "transfer 5"),
                values(uncommitted),
                "the aborted records are in the log too");
        Set<Long> markers = LongStream.range(0, end)
                .filter(offset -> !seenUncommitted.containsKey(offset))
                .boxed()
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(2L, 5L, 7L), markers, "one marker after each transaction, each with an offset");
    }

    @Test
    @Order(2)
    @DisplayName("a second producer with the same transactional.id fences the first")
    void fencing() throws Exception {
        String topic = Fixtures.nameForThisRun(broker, "transfers");
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(topic, 1, (short) 1));
        Properties producerProps = producerProps();
        // tag::fencing[]
        Producer<String, String> first = new KafkaProducer<>(transactional(producerProps, "transfers-writer"));
        first.initTransactions();
        first.beginTransaction();
        first.send(new ProducerRecord<>(topic, "transfer 6"));
        KafkaException refused = null;
        try (Producer<String, String> second = new KafkaProducer<>(transactional(producerProps, "transfers-writer"))) {
            second.initTransactions(); // the same id: the first producer's open transaction is aborted
            try {
                first.commitTransaction();
            } catch (KafkaException e) {
                refused = e; // ProducerFencedException: a fenced producer can only be closed
            } finally {
                first.close();
            }
        }
        // end::fencing[]
        assertNotNull(refused, "the first producer's commit was refused");
        recorder.table(
                "fenced",
                List.of("call", "exception", "message"),
                List.of(List.of(
                        "`first.commitTransaction()`",
                        "`" + refused.getClass().getSimpleName() + "`",
                        refused.getMessage())));
        assertInstanceOf(ProducerFencedException.class, refused);
    }

    // tag::processing[]
    /** Polls until a batch arrives, for at most 30 s. */
    static ConsumerRecords<String, String> nextBatch(Consumer<String, String> consumer) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
            if (!records.isEmpty()) {
                return records;
            }
        }
        throw new IllegalStateException("no records within 30 s");
    }

    /** True once the consumer has been given every record its partitions hold. */
    static boolean caughtUp(Consumer<String, String> consumer) {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
        return !assigned.isEmpty() && assigned.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
    }

    /** The offsets to commit once these records are processed: per partition, the one after the last. */
    static Map<TopicPartition, OffsetAndMetadata> processedUpTo(ConsumerRecords<String, String> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            offsets.put(
                    new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        return offsets;
    }

    /** The processing: an invoice per order, written to Kafka, and an email, sent outside Kafka. */
    static void invoice(
            ConsumerRecords<String, String> orders,
            Producer<String, String> producer,
            String invoices,
            List<String> emailsSent) {
        for (ConsumerRecord<String, String> order : orders) {
            producer.send(new ProducerRecord<>(invoices, order.key(), "invoice for " + order.value()));
            emailsSent.add("invoice mailed for " + order.value()); // no transaction takes this back
        }
    }
    // end::processing[]

    @Test
    @Order(3)
    @DisplayName("a processor dies in the middle of a transaction, its replacement finishes: each order invoiced once")
    void consumeTransformProduce() throws Exception {
        String orders = Fixtures.nameForThisRun(broker, "orders");
        String invoices = Fixtures.nameForThisRun(broker, "invoices");
        String invoicesAtLeastOnce = Fixtures.nameForThisRun(broker, "invoices-at-least-once");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::orders[]
        createTopic(adminProps, new NewTopic(orders, 1, (short) 1));
        createTopic(adminProps, new NewTopic(invoices, 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 10; i++) {
                producer.send(new ProducerRecord<>(orders, "order-" + i, "order " + i));
            }
        }
        // end::orders[]
        // tag::exactly-once[]
        List<String> emailsSent = new ArrayList<>(); // what the processors did outside Kafka
        // The first processor: one batch in one transaction, committed; then it dies in the middle of the next.
        Consumer<String, String> firstConsumer =
                new KafkaConsumer<>(with(consumerProps, ConsumerConfig.GROUP_ID_CONFIG, "invoicing"));
        Producer<String, String> firstProducer = new KafkaProducer<>(transactional(producerProps, "invoicer"));
        firstProducer.initTransactions();
        firstConsumer.subscribe(List.of(orders));
        ConsumerRecords<String, String> batch = nextBatch(firstConsumer);
        firstProducer.beginTransaction();
        invoice(batch, firstProducer, invoices, emailsSent);
        // The group's new offsets go into the transaction, to be committed with the invoices: both or neither.
        firstProducer.sendOffsetsToTransaction(processedUpTo(batch), firstConsumer.groupMetadata());
        firstProducer.commitTransaction();
        firstProducer.beginTransaction();
        invoice(nextBatch(firstConsumer), firstProducer, invoices, emailsSent);
        firstProducer.flush(); // the second batch's invoices are in the log, in an open transaction, when ...
        firstProducer.close(Duration.ZERO); // ... the process dies: no commit, no abort
        firstConsumer.close();

        // Its replacement: the same transactional.id, the same group.
        try (Consumer<String, String> replacement =
                        new KafkaConsumer<>(with(consumerProps, ConsumerConfig.GROUP_ID_CONFIG, "invoicing"));
                Producer<String, String> successor = new KafkaProducer<>(transactional(producerProps, "invoicer"))) {
            successor.initTransactions(); // aborts what the first processor left open, and fences it out
            replacement.subscribe(List.of(orders)); // from the offset the last committed transaction stored
            while (!caughtUp(replacement)) {
                batch = nextBatch(replacement);
                successor.beginTransaction();
                invoice(batch, successor, invoices, emailsSent);
                successor.sendOffsetsToTransaction(processedUpTo(batch), replacement.groupMetadata());
                successor.commitTransaction();
            }
        }
        // end::exactly-once[]
        // tag::count-invoices[]
        List<ConsumerRecord<String, String>> seen = readPartition(consumerProps, invoices); // read_committed
        // end::count-invoices[]
        int exactlyOnceEmails = emailsSent.size();
        List<ConsumerRecord<String, String>> seenUncommitted =
                readPartition(with(consumerProps, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"), invoices);

        Counts atLeastOnce = atLeastOnce(orders, invoicesAtLeastOnce);
        Counts exactlyOnce = new Counts(10, seen.size(), duplicates(seen), exactlyOnceEmails);
        recorder.table(
                "counts",
                List.of("the processor commits its offsets", "orders", "invoices", "duplicates", "emails sent"),
                List.of(
                        atLeastOnce.row("with `commitSync()` after processing (at least once, step 12)"),
                        exactlyOnce.row("in the transaction that writes the invoices (exactly once)")));
        recorder.output(
                "uncommitted",
                "read_committed:   " + seen.size() + " invoices\n"
                        + "read_uncommitted: " + seenUncommitted.size() + " invoices, "
                        + duplicates(seenUncommitted) + " of them for an order invoiced before");

        assertEquals(10, seen.size(), "one invoice per order for a read_committed consumer");
        assertEquals(0, exactlyOnce.duplicates(), "and none twice");
        assertTrue(atLeastOnce.duplicates() > 0, "at least once: the dead processor's batch was processed twice");
        assertEquals(10 + atLeastOnce.duplicates(), atLeastOnce.invoices(), "every duplicate is an extra invoice");
        assertEquals(
                10 + duplicates(seenUncommitted),
                seenUncommitted.size(),
                "the aborted invoices are in the log, for read_uncommitted consumers to see");
        assertTrue(exactlyOnce.emailsSent() > 10, "the aborted batch's emails were sent all the same");
        assertEquals(seenUncommitted.size(), exactlyOnce.emailsSent(), "one email per invoice ever written");
    }

    /** The same processor and death, with commitSync instead of transactions: step 12's at-least-once. */
    private Counts atLeastOnce(String orders, String invoices) throws Exception {
        Fixtures.createTopicsIfAbsent(broker, new NewTopic(invoices, 1, (short) 1));
        Properties consumerProps = with(consumerProps(), ConsumerConfig.GROUP_ID_CONFIG, "invoicing-at-least-once");
        List<String> emailsSent = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps())) {
            try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
                consumer.subscribe(List.of(orders));
                invoice(nextBatch(consumer), producer, invoices, emailsSent);
                producer.flush();
                consumer.commitSync();
                invoice(nextBatch(consumer), producer, invoices, emailsSent);
                producer.flush();
            } // dies before committing the second batch
            try (Consumer<String, String> replacement = new KafkaConsumer<>(consumerProps)) {
                replacement.subscribe(List.of(orders));
                while (!caughtUp(replacement)) {
                    invoice(nextBatch(replacement), producer, invoices, emailsSent);
                    producer.flush();
                    replacement.commitSync();
                }
            }
        }
        List<ConsumerRecord<String, String>> seen = readPartition(consumerProps(), invoices);
        return new Counts(10, seen.size(), duplicates(seen), emailsSent.size());
    }

    private record Counts(int orders, int invoices, long duplicates, int emailsSent) {
        List<Object> row(String how) {
            return List.of(how, orders, invoices, duplicates, emailsSent);
        }
    }

    private static long duplicates(List<ConsumerRecord<String, String>> invoices) {
        return invoices.size()
                - invoices.stream().map(ConsumerRecord::key).distinct().count();
    }

    // tag::mail[]
    /** The mail server: outside Kafka, and it can fail. */
    interface Mailer {
        void mail(String invoice) throws IOException;
    }

    /** A mail server that fails once, the first time it is asked for this invoice; it notes what it mailed. */
    static Mailer failingOnceFor(String invoice, List<String> mailed) {
        Set<String> failed = new HashSet<>();
        return text -> {
            if (text.equals(invoice) && failed.add(text)) {
                throw new IOException("the mail server did not answer");
            }
            mailed.add(text);
        };
    }

    /** The processing: an invoice per order, written to Kafka, then mailed; a mail that fails fails the batch. */
    static void invoiceAndMail(
            ConsumerRecords<String, String> orders, Producer<String, String> producer, String invoices, Mailer mailer)
            throws IOException {
        for (ConsumerRecord<String, String> order : orders) {
            String invoice = "invoice for " + order.value();
            producer.send(new ProducerRecord<>(invoices, order.key(), invoice));
            mailer.mail(invoice);
        }
    }
    // end::mail[]

    @Test
    @Order(4)
    @DisplayName("an aborted batch is read again only if the consumer seeks back to the committed offsets")
    void abortAndRewind() throws Exception {
        String ordersToMail = Fixtures.nameForThisRun(broker, "orders-to-mail");
        String invoicesSkipped = Fixtures.nameForThisRun(broker, "invoices-skipped");
        String invoicesRetried = Fixtures.nameForThisRun(broker, "invoices-retried");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::orders-to-mail[]
        createTopic(adminProps, new NewTopic(ordersToMail, 1, (short) 1));
        createTopic(adminProps, new NewTopic(invoicesSkipped, 1, (short) 1));
        createTopic(adminProps, new NewTopic(invoicesRetried, 1, (short) 1));
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 10; i++) {
                producer.send(new ProducerRecord<>(ordersToMail, "order-" + i, "order " + i));
            }
        }
        // end::orders-to-mail[]
        // tag::abort-skips[]
        List<String> mailed = new ArrayList<>();
        Mailer mailServer = failingOnceFor("invoice for order 3", mailed);
        List<String> failedBatch = new ArrayList<>();
        List<String> nextBatch = new ArrayList<>();
        OffsetAndMetadata groupCommitted;
        try (Consumer<String, String> consumer =
                        new KafkaConsumer<>(with(consumerProps, ConsumerConfig.GROUP_ID_CONFIG, "mailing-skips"));
                Producer<String, String> producer = new KafkaProducer<>(transactional(producerProps, "mailer-skips"))) {
            producer.initTransactions();
            consumer.subscribe(List.of(ordersToMail));
            ConsumerRecords<String, String> polled = nextBatch(consumer);
            polled.forEach(order -> failedBatch.add(order.value()));
            producer.beginTransaction();
            try {
                invoiceAndMail(polled, producer, invoicesSkipped, mailServer);
                producer.sendOffsetsToTransaction(processedUpTo(polled), consumer.groupMetadata());
                producer.commitTransaction();
            } catch (IOException e) {
                producer.abortTransaction(); // undoes the batch's invoices and offsets, not the consumer's position
            }
            polled = nextBatch(consumer); // so the next poll goes on after the failed batch
            polled.forEach(order -> nextBatch.add(order.value()));
            producer.beginTransaction();
            invoiceAndMail(polled, producer, invoicesSkipped, mailServer);
            producer.sendOffsetsToTransaction(processedUpTo(polled), consumer.groupMetadata());
            producer.commitTransaction();
            TopicPartition partition = new TopicPartition(ordersToMail, 0);
            groupCommitted = consumer.committed(Set.of(partition)).get(partition);
        }
        // end::abort-skips[]
        List<String> skippedInvoices = values(readPartition(consumerProps, invoicesSkipped));
        recorder.output(
                "abort-skips",
                "the batch that failed, aborted: " + orderNumbers(failedBatch) + "\n"
                        + "the next poll gave:             " + orderNumbers(nextBatch) + "\n"
                        + "the group's committed offset:   " + groupCommitted.offset() + "\n"
                        + "invoices (read_committed) for:  " + orderNumbers(skippedInvoices));
        assertEquals(List.of("order 1", "order 2", "order 3", "order 4"), failedBatch);
        assertEquals(List.of("order 5", "order 6", "order 7", "order 8"), nextBatch, "the poll went on");
        assertEquals(8, groupCommitted.offset(), "the group is past orders 1 to 4, which it never invoiced");
        assertEquals(4, skippedInvoices.size(), "invoices for orders 5 to 8 only: " + skippedInvoices);

        // tag::abort-and-rewind-run[]
        List<String> mailedOnRetry = new ArrayList<>();
        try (Consumer<String, String> consumer =
                        new KafkaConsumer<>(with(consumerProps, ConsumerConfig.GROUP_ID_CONFIG, "mailing-retries"));
                Producer<String, String> producer =
                        new KafkaProducer<>(transactional(producerProps, "mailer-retries"))) {
            producer.initTransactions();
            consumer.subscribe(List.of(ordersToMail));
            invoiceAll(consumer, producer, invoicesRetried, failingOnceFor("invoice for order 3", mailedOnRetry));
        }
        List<ConsumerRecord<String, String>> retriedInvoices = readPartition(consumerProps, invoicesRetried);
        // end::abort-and-rewind-run[]
        recorder.output(
                "abort-and-rewind",
                "invoices, read_committed: " + retriedInvoices.size() + ", orders invoiced twice: "
                        + duplicates(retriedInvoices) + "\n"
                        + "mails sent: " + mailedOnRetry.size() + ", twice: "
                        + mailedOnRetry.stream()
                                .filter(m -> mailedOnRetry.indexOf(m) != mailedOnRetry.lastIndexOf(m))
                                .distinct()
                                .collect(Collectors.joining(", ")));
        assertEquals(10, retriedInvoices.size(), "every order invoiced");
        assertEquals(0, duplicates(retriedInvoices), "and none twice");
        assertEquals(12, mailedOnRetry.size(), "the mails of orders 1 and 2 went out again: " + mailedOnRetry);
    }

    /** "orders 1, 2, 3" for the values "order 1", "order 2", "order 3" (or their invoices). */
    private static String orderNumbers(List<String> values) {
        return "orders "
                + values.stream().map(v -> v.substring(v.lastIndexOf(' ') + 1)).collect(Collectors.joining(", "));
    }

    // tag::abort-and-rewind[]
    /**
     * One transaction per batch, until the consumer has read everything. A batch that fails is aborted and read
     * again from the group's committed offsets; a producer that can do nothing more ends the loop.
     */
    static void invoiceAll(
            Consumer<String, String> consumer, Producer<String, String> producer, String invoices, Mailer mailer) {
        while (!caughtUp(consumer)) {
            ConsumerRecords<String, String> batch = nextBatch(consumer);
            try {
                producer.beginTransaction();
                invoiceAndMail(batch, producer, invoices, mailer);
                producer.sendOffsetsToTransaction(processedUpTo(batch), consumer.groupMetadata());
                producer.commitTransaction();
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                throw e; // fenced by a successor, or not allowed: no transaction of this producer can succeed
            } catch (KafkaException | IOException e) {
                producer.abortTransaction();
                rewind(consumer); // without it, the next poll goes on after the batch, and the batch is lost
            }
        }
    }

    /** Moves the consumer back to its group's committed offsets (to the first record, where it has none). */
    static void rewind(Consumer<String, String> consumer) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(consumer.assignment());
        for (TopicPartition partition : consumer.assignment()) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
    }
    // end::abort-and-rewind[]

    @Test
    @Order(5)
    @DisplayName("Kafka Streams: step 13's word count with processing.guarantee=exactly_once_v2")
    void streamsExactlyOnce() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String lines = Fixtures.nameForThisRun(broker, "eos-lines");
        String wordCounts = Fixtures.nameForThisRun(broker, "eos-word-counts");
        String applicationId = Fixtures.nameForThisRun(broker, "word-count-eos");
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::streams-topics[]
        createTopic(adminProps, new NewTopic(lines, 1, (short) 1));
        createTopic(adminProps, new NewTopic(wordCounts, 1, (short) 1));
        // end::streams-topics[]
        // tag::streams-props[]
        Properties streamsProps = new Properties();
        streamsProps.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        streamsProps.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        streamsProps.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2); // the change
        streamsProps.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // end::streams-props[]
        streamsProps.putAll(broker.securitySettings());

        KafkaStreams.State running;
        // tag::streams-application[]
        Map<String, Long> counts = new TreeMap<>();
        Properties countsProps = with(
                consumerProps,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                LongDeserializer.class.getName()); // read_committed, as above: only committed counts
        KafkaStreams streams = new KafkaStreams(wordCount(lines, wordCounts), streamsProps);
        try {
            streams.start();
            try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
                for (String line : List.of("Hello, World!", "Hello, Kafka Streams", "Kafka Streams counts words")) {
                    producer.send(new ProducerRecord<>(lines, line)).get();
                }
            }
            try (Consumer<String, Long> consumer =
                    new KafkaConsumer<>(with(countsProps, ConsumerConfig.GROUP_ID_CONFIG, applicationId + "-reader"))) {
                consumer.subscribe(List.of(wordCounts));
                long deadline = System.currentTimeMillis() + 60_000;
                while (!counts.equals(
                        Map.of("hello", 2L, "world", 1L, "kafka", 2L, "streams", 2L, "counts", 1L, "words", 1L))) {
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the counts after 60 s: " + counts);
                    }
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> counts.put(r.key(), r.value()));
                }
            }
            // end::streams-application[]
            running = streams.state();
            // tag::streams-application[]
        } finally {
            streams.close(Duration.ofSeconds(10));
            streams.cleanUp();
        }
        // end::streams-application[]
        List<ConsumerRecord<String, String>> updates = readPartition(
                with(consumerProps, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()),
                wordCounts);
        long end = Fixtures.endOffset(broker, wordCounts);
        recorder.table(
                "streams-counts",
                List.of("word", "count"),
                counts.entrySet().stream()
                        .map(e -> List.<Object>of(e.getKey(), e.getValue()))
                        .toList());
        recorder.output(
                "streams-markers",
                "application state while it counted: " + running + "\n" + "updates in word-counts: " + updates.size());
        assertEquals(COUNTS, counts, "exactly_once_v2 counts what step 13 counted");
        assertEquals(KafkaStreams.State.RUNNING, running);
        assertEquals(9, updates.size(), "one committed update per word of the three lines");
        assertTrue(end > updates.size(), "the output was written in transactions: their markers take offsets");
    }

    /** Step 13's topology, which this page shows again from step 13. */
    private static Topology wordCount(String input, String output) {
        return dev.hellokafka.programs.CountTheWords.wordCount(input, output);
    }

    private static Map<Long, String> byOffset(List<ConsumerRecord<String, String>> records) {
        return records.stream()
                .collect(Collectors.toMap(ConsumerRecord::offset, ConsumerRecord::value, (a, b) -> a, TreeMap::new));
    }

    private static List<String> values(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }
}
