package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.consumer.group.ConsumerGroupCommand;
import org.apache.kafka.tools.consumer.group.ShareGroupCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class RunningAGroupChapter {

    /** "shipments", made anew on a cluster the walk shares with earlier runs, whose offsets and lag it shows. */
    private static String TOPIC;

    private final Broker broker;
    private final Recorder recorder;

    RunningAGroupChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    private static Properties adminProps(Broker broker) {
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        return adminProps;
    }

    private Properties consumerProps() {
        String bootstrapServers = broker.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // this page commits itself
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    @BeforeAll
    static void shipments(Broker broker) throws Exception {
        TOPIC = Fixtures.nameForThisRun(broker, "shipments");
        String bootstrapServers = broker.bootstrapServers();
        String topic = TOPIC;
        Properties adminProps = adminProps(broker);
        // tag::topic[]
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(); // 2 partitions
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // end::topic[]
        Fixtures.awaitTopicKnown(broker, topic); // before the first send: see there why
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        // tag::shipments[]
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 20; i++) { // 10 to each partition
                producer.send(new ProducerRecord<>(topic, i % 2, "order-" + i, "shipment " + i));
            }
        }
        // end::shipments[]
    }

    // tag::helpers[]
    /** The consumer settings, in a group of this name. */
    static Properties inGroup(Properties consumerProps, String group) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return props;
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

    /** Polls until at least this many records came (within 30 s), commits them, and returns them. */
    static List<ConsumerRecord<String, String>> readAndCommit(Consumer<String, String> consumer, int atLeast) {
        List<ConsumerRecord<String, String>> read = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 30_000;
        while (read.size() < atLeast) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("read " + read.size() + " of " + atLeast + " records in 30 s");
            }
            consumer.poll(Duration.ofMillis(100)).forEach(read::add);
        }
        consumer.commitSync();
        return read;
    }
    // end::helpers[]

    /** A Kafka tool run against the walk's broker, as a reader types it: {@code --bootstrap-server} first. */
    private KafkaTool.Result tool(String script, KafkaTool.Main main, String... args) throws Exception {
        String[] withBootstrap = new String[args.length + 2];
        withBootstrap[0] = "--bootstrap-server";
        withBootstrap[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, withBootstrap, 2, args.length);
        return run(broker, script, main, "", withBootstrap);
    }

    @Test
    @Order(1)
    @DisplayName("lag: kafka-consumer-groups.sh --describe, and the same from Admin")
    void lag() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        Properties adminProps = adminProps(broker);
        // tag::read-some[]
        String group = topic + "-shipping";
        try (Consumer<String, String> consumer = new KafkaConsumer<>(inGroup(consumerProps, group))) {
            consumer.subscribe(List.of(topic));
            readAndCommit(consumer, 5); // 5 or more of the 20, committed; then the consumer stops
        }
        // end::read-some[]
        var described = tool("kafka-consumer-groups.sh", ConsumerGroupCommand::main, "--describe", "--group", group);
        recorder.output("describe", described.transcript());

        // tag::lag[]
        Map<TopicPartition, Long> lag = new TreeMap<>(Comparator.comparing(TopicPartition::toString));
        try (Admin admin = Admin.create(adminProps)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((partition, end) -> ends.put(partition, end.offset()));
            committed.forEach((partition, offset) -> lag.put(partition, ends.get(partition) - offset.offset()));
        }
        // end::lag[]
        recorder.output(
                "lag",
                lag.entrySet().stream()
                        .map(e -> e.getKey() + ": lag " + e.getValue())
                        .reduce((a, b) -> a + "\n" + b)
                        .orElse("no committed offsets"));
        long toolLag = described
                .out()
                .lines()
                .filter(l -> l.startsWith(group))
                .mapToLong(l -> Long.parseLong(l.trim().split("\\s+")[5]))
                .sum();
        long adminLag = lag.values().stream().mapToLong(Long::longValue).sum();
        assertEquals(adminLag, toolLag, "the tool and Admin count the same lag");
        assertTrue(adminLag > 0 && adminLag <= 15, "read at least 5 of 20, not all: lag " + adminLag);
    }

    @Test
    @Order(2)
    @DisplayName("offsets are moved while the group is empty: with the tool, and with Admin")
    void resetOffsets() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        Properties adminProps = adminProps(broker);
        String group = topic + "-resets";
        String[] resetToEarliest = {"--reset-offsets", "--group", group, "--topic", topic, "--to-earliest", "--execute"
        };
        try (Consumer<String, String> consumer = new KafkaConsumer<>(inGroup(consumerProps, group))) {
            consumer.subscribe(List.of(topic));
            readAndCommit(consumer, 20);
            // While a member is in the group, the tool refuses: the member would overwrite the new offsets.
            var refused = tool("kafka-consumer-groups.sh", ConsumerGroupCommand::main, resetToEarliest);
            recorder.output("refused", refused.transcript());
            assertTrue(refused.out().contains("inactive") || refused.err().contains("inactive"), refused.transcript());
        }
        var toEarliest = tool("kafka-consumer-groups.sh", ConsumerGroupCommand::main, resetToEarliest);
        var shifted = tool(
                "kafka-consumer-groups.sh",
                ConsumerGroupCommand::main,
                "--reset-offsets",
                "--group",
                group,
                "--topic",
                topic,
                "--shift-by",
                "3",
                "--execute");
        recorder.output("reset", toEarliest.transcript() + "\n\n" + shifted.transcript());

        // tag::alter-offsets[]
        long anHourAgo = System.currentTimeMillis() - Duration.ofHours(1).toMillis();
        Set<TopicPartition> partitions = Set.of(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        Map<TopicPartition, OffsetAndMetadata> fromAnHourAgo;
        try (Admin admin = Admin.create(adminProps)) {
            fromAnHourAgo = offsetsAt(admin, partitions, anHourAgo);
            admin.alterConsumerGroupOffsets(group, fromAnHourAgo).all().get(); // only while the group is empty
        }
        // end::alter-offsets[]
        recorder.output("altered", describe(fromAnHourAgo));
        assertEquals(0, toEarliest.exitCode(), toEarliest.transcript());
        assertEquals(0, shifted.exitCode(), shifted.transcript());
        fromAnHourAgo.values().forEach(o -> assertEquals(0, o.offset(), "an hour ago: before the first record"));

        // tag::too-late[]
        long anHourFromNow = System.currentTimeMillis() + Duration.ofHours(1).toMillis();
        TopicPartition partition0 = new TopicPartition(topic, 0);
        long found;
        IllegalArgumentException negativeRefused = null;
        Map<TopicPartition, OffsetAndMetadata> fromAnHourFromNow;
        try (Admin admin = Admin.create(adminProps)) {
            found = admin.listOffsets(Map.of(partition0, OffsetSpec.forTimestamp(anHourFromNow)))
                    .partitionResult(partition0)
                    .get()
                    .offset(); // no record is stamped that late
            try {
                new OffsetAndMetadata(found);
            } catch (IllegalArgumentException e) {
                negativeRefused = e;
            }
            fromAnHourFromNow = offsetsAt(admin, partitions, anHourFromNow);
        }
        // end::too-late[]
        String future = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
                .format(Instant.ofEpochMilli(anHourFromNow).atZone(ZoneId.systemDefault()));
        recorder.registerRunValue(future, "<an hour from now>");
        var toolToFuture = tool(
                "kafka-consumer-groups.sh",
                ConsumerGroupCommand::main,
                "--reset-offsets",
                "--group",
                group,
                "--topic",
                topic,
                "--to-datetime",
                future,
                "--dry-run");
        recorder.output(
                "too-late",
                "listOffsets, " + partition0 + " at an hour from now: offset " + found + "\n"
                        + "new OffsetAndMetadata(" + found + "): "
                        + (negativeRefused == null
                                ? "accepted"
                                : negativeRefused.getClass().getName() + ": " + negativeRefused.getMessage())
                        + "\n" + "offsetsAt(an hour from now):\n" + describe(fromAnHourFromNow));
        recorder.output("to-datetime", toolToFuture.transcript());
        assertEquals(-1, found, "no record at or after the time: listOffsets says -1");
        assertInstanceOf(IllegalArgumentException.class, negativeRefused, "and OffsetAndMetadata refuses it");
        fromAnHourFromNow.forEach((partition, offset) ->
                assertEquals(10, offset.offset(), "the fallback: the end of " + partition + ", after its 10 records"));
        assertEquals(0, toolToFuture.exitCode(), toolToFuture.transcript());
        assertTrue(
                toolToFuture
                        .out()
                        .lines()
                        .filter(l -> l.startsWith(group))
                        .allMatch(l -> l.trim().endsWith("10")),
                "the tool goes to the end too: " + toolToFuture.transcript());
    }

    // tag::offsets-at[]
    /**
     * Where to start reading what was stamped at this time or later: in each partition, the first record with such a
     * timestamp, or the end of the partition when it holds none (listOffsets answers -1 for it then).
     */
    static Map<TopicPartition, OffsetAndMetadata> offsetsAt(Admin admin, Set<TopicPartition> partitions, long timestamp)
            throws Exception {
        Map<TopicPartition, OffsetSpec> atTime = new HashMap<>();
        Map<TopicPartition, OffsetSpec> atEnd = new HashMap<>();
        for (TopicPartition partition : partitions) {
            atTime.put(partition, OffsetSpec.forTimestamp(timestamp));
            atEnd.put(partition, OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResultInfo> found =
                admin.listOffsets(atTime).all().get();
        Map<TopicPartition, ListOffsetsResultInfo> ends =
                admin.listOffsets(atEnd).all().get();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            long offset = found.get(partition).offset();
            offsets.put(
                    partition,
                    new OffsetAndMetadata(
                            offset >= 0 ? offset : ends.get(partition).offset()));
        }
        return offsets;
    }
    // end::offsets-at[]

    private static String describe(Map<TopicPartition, OffsetAndMetadata> offsets) {
        return offsets.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                .map(e -> e.getKey() + " -> offset " + e.getValue().offset())
                .reduce((a, b) -> a + "\n" + b)
                .orElseThrow();
    }

    @Test
    @Order(3)
    @DisplayName("a consumer stopped with wakeup() commits what it processed and leaves cleanly")
    void cleanShutdown() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        // tag::wakeup[]
        Consumer<String, String> consumer = new KafkaConsumer<>(inGroup(consumerProps, topic + "-graceful"));
        List<String> processed = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch caughtUp = new CountDownLatch(1);
        Thread pollLoop = new Thread(() -> {
            try {
                consumer.subscribe(List.of(topic));
                while (true) { // the usual consumer: poll, process, commit, for ever
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofSeconds(1))) {
                        processed.add(record.value());
                    }
                    consumer.commitSync();
                    if (processed.size() >= 20) {
                        caughtUp.countDown();
                    }
                }
            } catch (WakeupException stop) {
                // wakeup() was called: leave the loop
            } finally {
                consumer.commitSync(); // what was processed is committed before leaving
                consumer.close(); // and the group hands the partitions over at once
            }
        });
        pollLoop.start();
        caughtUp.await(30, TimeUnit.SECONDS);
        consumer.wakeup(); // from another thread, e.g. a shutdown hook: the next (or current) poll throws
        pollLoop.join(10_000);
        // end::wakeup[]
        recorder.output(
                "wakeup",
                "records processed: " + processed.size() + "\npoll loop still running: " + pollLoop.isAlive());
        assertEquals(20, processed.size(), "every shipment processed once");
        assertTrue(!pollLoop.isAlive(), "the loop ended");
        try (Admin admin = Admin.create(adminProps(broker))) {
            String group = topic + "-graceful";
            var described = admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get();
            assertEquals(0, described.members().size(), "no member left behind: " + described);
        }
    }

    @Test
    @Order(4)
    @DisplayName("a rebalance listener commits what was processed before the partitions move")
    void commitBeforePartitionsMove() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        // tag::rebalance-listener[]
        String handover = topic + "-handover";
        Map<TopicPartition, OffsetAndMetadata> processedUpTo = new HashMap<>(); // the next offset, per partition
        Map<String, Integer> timesProcessed = new TreeMap<>();
        try (Consumer<String, String> first = new KafkaConsumer<>(inGroup(consumerProps, handover));
                Consumer<String, String> second = new KafkaConsumer<>(inGroup(consumerProps, handover))) {
            first.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    first.commitSync(processedUpTo); // before the partitions go to another member
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
            });
            long deadline = System.currentTimeMillis() + 30_000;
            while (timesProcessed.size() < 10) { // the first member alone processes some, commits none
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the first member processed " + timesProcessed.size());
                }
                for (ConsumerRecord<String, String> record : first.poll(Duration.ofMillis(100))) {
                    timesProcessed.merge(record.value(), 1, Integer::sum);
                    processedUpTo.put(
                            new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1));
                }
            }
            second.subscribe(List.of(topic)); // a second member joins: one partition moves to it
            while (timesProcessed.size() < 20) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the handover processed " + timesProcessed.size() + " of 20");
                }
                for (Consumer<String, String> member : List.of(first, second)) {
                    for (ConsumerRecord<String, String> record : member.poll(Duration.ofMillis(100))) {
                        timesProcessed.merge(record.value(), 1, Integer::sum);
                        if (member == first) {
                            processedUpTo.put(
                                    new TopicPartition(record.topic(), record.partition()),
                                    new OffsetAndMetadata(record.offset() + 1));
                        }
                    }
                }
            }
        }
        // end::rebalance-listener[]
        long twice = timesProcessed.values().stream().filter(n -> n > 1).count();
        recorder.output(
                "rebalance-listener",
                "shipments processed: " + timesProcessed.size() + " of 20\nprocessed more than once: " + twice);
        assertEquals(20, timesProcessed.size());
        assertEquals(0, twice, "the second member started where the first member's processing ended");
    }

    @Test
    @Order(5)
    @DisplayName("processing that outlasts max.poll.interval.ms costs the member its place in the group")
    void tooSlow() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        // tag::too-slow[]
        String slowGroup = topic + "-slow";
        Properties slowProps = inGroup(consumerProps, slowGroup);
        slowProps.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 1_000); // the longest gap between two polls
        CommitFailedException tooLate = null;
        try (Consumer<String, String> slow = new KafkaConsumer<>(slowProps);
                Consumer<String, String> other = new KafkaConsumer<>(inGroup(consumerProps, slowGroup))) {
            slow.subscribe(List.of(topic));
            other.subscribe(List.of(topic));
            ConsumerRecords<String, String> batch = ConsumerRecords.empty();
            long deadline = System.currentTimeMillis() + 30_000;
            while (batch.isEmpty() || other.assignment().isEmpty()) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException(
                            "no batch for the slow member, or no partition for the other, in 30 s");
                }
                other.poll(Duration.ofMillis(100)); // each member gets one of the two partitions
                ConsumerRecords<String, String> polled = slow.poll(Duration.ofMillis(100));
                if (!polled.isEmpty()) {
                    batch = polled; // the batch it will take too long over (later polls may find nothing new)
                }
            }
            // end::too-slow[]
            // The slow processing: the walk waits, polling only the other member, until it has both partitions.
            try (Admin admin = Admin.create(adminProps(broker))) {
                Poll.until("the slow member to leave, and the other to take over its partition", () -> {
                    other.poll(Duration.ofMillis(100));
                    return other.assignment().size() == 2
                            && admin.describeConsumerGroups(List.of(slowGroup))
                                            .describedGroups()
                                            .get(slowGroup)
                                            .get()
                                            .members()
                                            .size()
                                    == 1;
                });
            }
            slow.commitSync(); // commits what the current assignment consumed: since the partition left, nothing
            try (Admin admin = Admin.create(adminProps(broker))) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(slowGroup)
                        .partitionsToOffsetAndMetadata()
                        .get();
                for (TopicPartition partition : batch.partitions()) {
                    assertEquals(null, committed.get(partition), "commitSync() committed nothing for " + partition);
                }
            }
            // tag::too-slow[]
            try {
                slow.commitSync(processedUpTo(batch)); // the offsets of that batch, processed too late
            } catch (CommitFailedException e) {
                tooLate = e; // its partition is the other member's now; the next poll rejoins the slowGroup
            }
        }
        // end::too-slow[]
        assertInstanceOf(CommitFailedException.class, tooLate, "the commit of a removed member fails");
        recorder.output("too-slow", tooLate.getClass().getName() + ": " + tooLate.getMessage());
    }

    @Test
    @Order(6)
    @DisplayName("kafka-share-groups.sh --describe shows a share group's members and where it stands; its start moves")
    void aShareGroup() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String topic = TOPIC;
        Properties adminProps = adminProps(broker);
        // tag::share-props[]
        String workers = topic + "-workers";
        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, workers);
        shareProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "worker-1");
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::share-props[]
        shareProps.putAll(broker.securitySettings());
        // tag::share-worker[]
        ConfigResource workersConfig = new ConfigResource(ConfigResource.Type.GROUP, workers);
        AlterConfigOp fromTheStart =
                new AlterConfigOp(new ConfigEntry("share.auto.offset.reset", "earliest"), AlterConfigOp.OpType.SET);
        try (Admin admin = Admin.create(adminProps)) { // a new share group starts at the end; this one at the start
            admin.incrementalAlterConfigs(Map.of(workersConfig, List.of(fromTheStart)))
                    .all()
                    .get();
        }
        List<String> taken = new ArrayList<>();
        try (ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps)) {
            worker.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (taken.size() < 20) { // each poll accepts what the poll before it was given
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("took " + taken.size() + " of 20 shipments in 30 s");
                }
                worker.poll(Duration.ofMillis(100)).forEach(shipment -> taken.add(shipment.value()));
            }
            worker.commitSync(); // and this accepts what the last poll was given
            // end::share-worker[]
            try (Admin admin = Admin.create(adminProps)) {
                admin.describeShareGroups(List.of(workers))
                        .describedGroups()
                        .get(workers)
                        .get()
                        .members()
                        .forEach(m -> recorder.registerRunValue(m.consumerId(), "<member-id>"));
            }
            var described = tool(
                    "kafka-share-groups.sh", ShareGroupCommand::main, "--describe", "--group", workers, "--members");
            recorder.output("share-members", described.transcript());
            assertTrue(described.out().contains(workers), described.transcript());
            // tag::share-worker[]
        }
        // end::share-worker[]
        var offsets =
                tool("kafka-share-groups.sh", ShareGroupCommand::main, "--describe", "--group", workers, "--offsets");
        recorder.output("share-offsets", offsets.transcript());
        assertTrue(offsets.out().contains(topic), offsets.transcript());

        // An operator moves the group's start, while it has no members: with the tool, then with Admin.
        var toEarliest = tool(
                "kafka-share-groups.sh",
                ShareGroupCommand::main,
                "--reset-offsets",
                "--group",
                workers,
                "--topic",
                topic,
                "--to-earliest",
                "--execute");
        recorder.output("share-reset", toEarliest.transcript());
        assertEquals(0, toEarliest.exitCode(), toEarliest.transcript());
        // tag::share-alter[]
        Map<TopicPartition, Long> startAt = Map.of(new TopicPartition(topic, 0), 5L, new TopicPartition(topic, 1), 5L);
        try (Admin admin = Admin.create(adminProps)) {
            admin.alterShareGroupOffsets(workers, startAt).all().get(); // only while the group has no members
        }
        Map<String, Short> deliveryCounts = new TreeMap<>(); // by partition and offset
        try (ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps)) {
            worker.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (deliveryCounts.size() < 10) { // offsets 5 to 9 of both partitions
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("given " + deliveryCounts.keySet() + " in 30 s");
                }
                worker.poll(Duration.ofMillis(100))
                        .forEach(shipment -> deliveryCounts.put(
                                shipment.partition() + "/" + shipment.offset(),
                                shipment.deliveryCount().orElseThrow()));
            }
            worker.commitSync();
        }
        // end::share-alter[]
        var offsetsAfter =
                tool("kafka-share-groups.sh", ShareGroupCommand::main, "--describe", "--group", workers, "--offsets");
        recorder.output(
                "share-altered",
                deliveryCounts.entrySet().stream()
                                .collect(Collectors.groupingBy(
                                        e -> "partition "
                                                + e.getKey()
                                                        .substring(0, e.getKey().indexOf('/')),
                                        TreeMap::new,
                                        Collectors.mapping(
                                                e -> e.getKey()
                                                                .substring(e.getKey()
                                                                                .indexOf('/')
                                                                        + 1) + " (delivery " + e.getValue() + ")",
                                                Collectors.joining(", "))))
                                .entrySet()
                                .stream()
                                .map(e -> e.getKey() + ": offsets " + e.getValue())
                                .collect(Collectors.joining("\n"))
                        + "\n\n" + offsetsAfter.transcript());
        assertEquals(10, deliveryCounts.size(), "offsets 5 to 9 of both partitions, delivered again");
        assertTrue(
                deliveryCounts.keySet().stream().allMatch(k -> Long.parseLong(k.substring(k.indexOf('/') + 1)) >= 5),
                "nothing before the new start: " + deliveryCounts);
    }
}
