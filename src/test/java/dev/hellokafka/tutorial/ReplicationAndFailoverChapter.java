package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaCluster;
import dev.hellokafka.harness.OwnBroker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A cluster of three brokers (and three controllers) of this step's own, in every broker mode: brokers are
 * stopped and started again here, as an operator would with kafka-server-stop.sh and kafka-server-start.sh.
 */
@ExtendWith(TutorialExtension.class)
@OwnBroker
class ReplicationAndFailoverChapter {

    private static final String TOPIC = "payments";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    static EmbeddedKafkaCluster cluster;

    private final Recorder recorder;

    ReplicationAndFailoverChapter(Recorder recorder) {
        this.recorder = recorder;
    }

    @BeforeAll
    static void startTheCluster() {
        cluster = EmbeddedKafkaCluster.start(3);
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Properties adminProps() {
        String bootstrapServers = cluster.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers); // every broker you know
        // end::admin-props[]
        return adminProps;
    }

    private static Properties producerProps() {
        String bootstrapServers = cluster.bootstrapServers();
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all"); // stored by every in-sync replica, at least 2
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        return producerProps;
    }

    private static Properties consumerProps() {
        String bootstrapServers = cluster.bootstrapServers();
        // tag::consumer-props[]
        Properties consumerProps = new Properties();
        consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer-props[]
        return consumerProps;
    }

    // tag::helpers[]
    /** The topic's one partition: leader, replicas, in-sync replicas and eligible leader replicas. */
    static TopicPartitionInfo partition(Properties adminProps, String topic) throws Exception {
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription described =
                    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            return described.partitions().get(0);
        }
    }

    /** Every value in the topic's partition 0, read from its first offset to its end. */
    static List<String> readAll(Properties consumerProps, String topic) {
        List<String> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.currentTimeMillis() + 30_000;
            while (consumer.position(partition) < end) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("read to " + consumer.position(partition) + " of " + end);
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
    // end::helpers[]

    @Test
    @Order(1)
    @DisplayName("a topic with three copies: a leader, two followers, all in sync")
    void threeCopies() throws Exception {
        Properties adminProps = adminProps();
        String topic = TOPIC;
        // tag::topic[]
        NewTopic payments = new NewTopic(topic, Map.of(0, List.of(1, 2, 3))) // partition 0 on brokers 1, 2, 3
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(payments)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        // end::topic[]
        recorder.output("described", describe(topic));
        TopicPartitionInfo partition = partition(adminProps, topic);
        assertEquals(1, partition.leader().id(), "the first replica of the list leads");
        assertEquals(List.of(1, 2, 3), ids(partition.isr()), "all three copies in sync");
    }

    @Test
    @Order(2)
    @DisplayName("the leader stops while an acks=all producer writes: a new leader, and every acknowledged record kept")
    void leaderStops() throws Exception {
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        String topic = TOPIC;
        int leaderBefore = partition(adminProps, topic).leader().id();
        // tag::write-through[]
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        List<Exception> failed = Collections.synchronizedList(new ArrayList<>());
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 1; i <= 200; i++) {
                // end::write-through[]
                if (i == 101) {
                    cluster.stopBroker(leaderBefore); // what kafka-server-stop.sh does on the leader's machine
                }
                // tag::write-through[]
                String value = "payment " + i;
                producer.send(new ProducerRecord<>(topic, value), (metadata, error) -> {
                    if (error == null) {
                        acknowledged.add(value);
                    } else {
                        failed.add(error);
                    }
                });
                if (i % 20 == 0) {
                    producer.flush(); // a steady stream: twenty at a time
                }
            }
        }
        List<String> readBack = readAll(consumerProps, topic);
        // end::write-through[]
        TopicPartitionInfo after = partition(adminProps, topic);
        Set<String> missing = new HashSet<>(acknowledged);
        missing.removeAll(readBack);
        recorder.output(
                "leader-stops",
                String.join(
                        "\n",
                        "leader before:        broker " + leaderBefore + ", stopped after record 100",
                        "leader after:         broker " + after.leader().id(),
                        "in-sync replicas now: " + ids(after.isr()),
                        "records sent:         200",
                        "acknowledged:         " + acknowledged.size(),
                        "reported failed:      " + failed.size(),
                        "read back:            " + readBack.size(),
                        "acknowledged but missing: " + missing.size()));
        assertEquals(Set.of(), missing, "every acknowledged record is in the topic");
        assertEquals(200, acknowledged.size() + failed.size(), "every record accounted for");
        assertNotEquals(leaderBefore, after.leader().id(), "another broker leads now");
        assertEquals(2, after.isr().size(), "the two copies left are in sync");
    }

    @Test
    @Order(3)
    @DisplayName("with one copy left in sync, acks=all is refused; reads go on, and acks=1 is accepted")
    void tooFewInSync() throws Exception {
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        String topic = TOPIC;
        int leader = partition(adminProps, topic).leader().id();
        cluster.stopBroker(leader); // a second broker goes
        recorder.output("one-left", describe(topic));
        // tag::too-few[]
        Map<String, String> outcome = new java.util.LinkedHashMap<>();
        for (String acks : List.of("all", "1")) {
            Properties props = new Properties();
            props.putAll(producerProps);
            props.put(ProducerConfig.ACKS_CONFIG, acks);
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false); // so that retries can be off:
            props.put(ProducerConfig.RETRIES_CONFIG, 0); // the broker's first answer is the outcome
            try (Producer<String, String> producer = new KafkaProducer<>(props)) {
                producer.send(new ProducerRecord<>(topic, "payment with acks=" + acks))
                        .get();
                outcome.put("acks=" + acks, "stored");
            } catch (ExecutionException e) {
                outcome.put(
                        "acks=" + acks,
                        e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
            }
        }
        List<String> stillReadable = readAll(consumerProps, topic);
        // end::too-few[]
        recorder.output(
                "too-few",
                outcome.entrySet().stream()
                                .map(e -> e.getKey() + "  " + e.getValue())
                                .collect(Collectors.joining("\n"))
                        + "\nrecords a consumer still reads: " + stillReadable.size());
        assertTrue(
                outcome.get("acks=all").startsWith(NotEnoughReplicasException.class.getName()),
                "acks=all is refused with one copy in sync and min.insync.replicas=2: " + outcome);
        assertEquals("stored", outcome.get("acks=1"), "acks=1 takes the leader's word alone");
        assertEquals(
                200,
                stillReadable.size(),
                "the 200 payments: the acks=1 record is on the leader only, and so not yet committed to readers");
    }

    @Test
    @Order(4)
    @DisplayName("both brokers return: the copies catch up, the set is whole again, and acks=all writes succeed")
    void brokersReturn() throws Exception {
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        String topic = TOPIC;
        cluster.brokerIds().forEach(cluster::startBroker); // kafka-server-start.sh on both machines
        // tag::back-in-sync[]
        long catchUpDeadline = System.currentTimeMillis() + 30_000;
        while (partition(adminProps, topic).isr().size() < 3) {
            if (System.currentTimeMillis() > catchUpDeadline) {
                throw new IllegalStateException(
                        "in sync after 30 s: " + partition(adminProps, topic).isr());
            }
        }
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.send(new ProducerRecord<>(topic, "payment 202")).get(); // acks=all, accepted again
        }
        // end::back-in-sync[]
        List<String> readable = readAll(consumerProps(), topic);
        recorder.output("back", describe(topic) + "\nrecords a consumer reads now: " + readable.size());
        assertEquals(3, partition(adminProps, topic).isr().size());
        assertEquals(202, readable.size(), "the acks=1 record is committed once enough copies have it, and 202 too");
        assertTrue(readable.contains("payment with acks=1"));
    }

    @Test
    @Order(5)
    @DisplayName("the metadata quorum: three voters; its leader stops, another is elected, and the cluster goes on")
    void quorumLosesItsLeader() throws Exception {
        Properties adminProps = adminProps();
        // tag::quorum[]
        QuorumInfo before;
        try (Admin admin = Admin.create(adminProps)) {
            before = admin.describeMetadataQuorum().quorumInfo().get();
        }
        // end::quorum[]
        int leaderBefore = before.leaderId();
        cluster.stopController(leaderBefore); // kafka-server-stop.sh on the quorum leader's machine
        // tag::quorum-after[]
        QuorumInfo after = null;
        boolean created = false;
        try (Admin admin = Admin.create(adminProps)) {
            long electionDeadline = System.currentTimeMillis() + 30_000;
            while (after == null || after.leaderId() == before.leaderId() || after.leaderId() < 0) {
                if (System.currentTimeMillis() > electionDeadline) {
                    throw new IllegalStateException("no new quorum leader within 30 s");
                }
                after = admin.describeMetadataQuorum().quorumInfo().get();
            }
            admin.createTopics(List.of(new NewTopic("after-the-election", 1, (short) 3)))
                    .all()
                    .get();
            created = true; // the two voters left are a majority of three: metadata changes go on
        }
        // end::quorum-after[]
        cluster.startController(leaderBefore);
        recorder.output(
                "quorum",
                String.join(
                        "\n",
                        "voters (controllers):  " + ids(before.voters()),
                        "observers (brokers):   " + ids(before.observers()),
                        "the quorum's leader:   one of the voters, elected by them",
                        "its leader stopped; a new leader elected among the other two: "
                                + (after.leaderId() != leaderBefore
                                        && before.voters().stream().anyMatch(v -> v.replicaId() == leaderBefore)),
                        "a topic created with two of three voters running: " + created));
        assertEquals(EmbeddedKafkaCluster.CONTROLLER_IDS, ids(before.voters()), "three voters: the controllers");
        assertEquals(List.of(1, 2, 3), ids(before.observers()), "the brokers follow the metadata log");
        assertNotEquals(leaderBefore, after.leaderId(), "another voter leads now");
        assertTrue(created);
    }

    @Test
    @Order(6)
    @DisplayName("a consumer in a group reads on across a leader change, with no code of its own for it")
    void consumerReadsOn() throws Exception {
        Properties adminProps = adminProps();
        Properties producerProps = producerProps();
        Properties consumerProps = consumerProps();
        // tag::orders[]
        String orders = "orders";
        try (Admin admin = Admin.create(adminProps)) {
            admin.createTopics(List.of(new NewTopic(orders, Map.of(0, List.of(1, 2, 3))))) // broker 1 leads
                    .all()
                    .get();
        }
        // end::orders[]
        Fixtures.awaitTopicKnown(adminProps, orders); // before the first send: see there why
        // tag::consumer-reads-on[]
        consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "order-readers");
        consumerProps.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> read = new ArrayList<>();
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps);
                Consumer<String, String> consumer = new KafkaConsumer<>(consumerProps)) {
            consumer.subscribe(List.of(orders));
            long readDeadline = System.currentTimeMillis() + 30_000;
            for (int i = 1; i <= 30; i++) {
                producer.send(new ProducerRecord<>(orders, "order " + i));
                // end::consumer-reads-on[]
                if (i == 16) {
                    cluster.stopBroker(partition(adminProps, orders).leader().id()); // the leader goes
                }
                // tag::consumer-reads-on[]
                consumer.poll(Duration.ofMillis(50)).forEach(r -> read.add(r.value()));
            }
            producer.flush();
            while (read.size() < 30) {
                if (System.currentTimeMillis() > readDeadline) {
                    throw new IllegalStateException("read " + read.size() + " of 30 orders in 30 s");
                }
                consumer.poll(Duration.ofMillis(100)).forEach(r -> read.add(r.value()));
            }
        }
        // end::consumer-reads-on[]
        TopicPartitionInfo now = partition(adminProps, orders);
        recorder.output(
                "consumer-reads-on",
                "leader before: broker 1; stopped after order 16; leader now: broker "
                        + now.leader().id()
                        + "\norders sent: 30, read by the consumer: " + read.size() + ", in order: "
                        + read.equals(java.util.stream.IntStream.rangeClosed(1, 30)
                                .mapToObj(i -> "order " + i)
                                .toList()));
        assertEquals(30, read.size(), "every order read, once");
        assertNotEquals(1, now.leader().id());
    }

    private static List<Integer> ids(Collection<QuorumInfo.ReplicaState> replicas) {
        return replicas.stream()
                .map(QuorumInfo.ReplicaState::replicaId)
                .sorted()
                .toList();
    }

    private String describe(String topic) throws Exception {
        try (Admin admin = Admin.create(adminProps())) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            AtomicReference<String> layout = new AtomicReference<>();
            // Each broker learns of a new topic from the metadata log, one a moment after another.
            Poll.until("the brokers to know topic " + topic, () -> {
                try {
                    TopicDescription described = admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic);
                    Config config =
                            admin.describeConfigs(List.of(resource)).all().get().get(resource);
                    recorder.registerRunValue(described.topicId().toString(), "<topic-id>");
                    layout.set(Fixtures.kafkaTopicsLayout(described, config));
                    return Fixtures.leadsEveryPartition(admin, described); // see Fixtures.awaitTopicKnown
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        return false;
                    }
                    throw e;
                }
            });
            return layout.get();
        }
    }

    private static List<Integer> ids(List<org.apache.kafka.common.Node> nodes) {
        return nodes.stream().map(org.apache.kafka.common.Node::id).sorted().toList();
    }
}
