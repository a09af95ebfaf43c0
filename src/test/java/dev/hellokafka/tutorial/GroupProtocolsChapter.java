package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class GroupProtocolsChapter {

    /** The page's topic is "events"; the walk uses a new one per run, so that its groups start from offset 0. */
    private static final String TOPIC = "events-" + UUID.randomUUID();

    private final Broker broker;
    private final Recorder recorder;

    GroupProtocolsChapter(Broker broker, Recorder recorder) {
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
        consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5); // small batches: a steady stream of polls
        consumerProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        consumerProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer-props[]
        consumerProps.putAll(broker.securitySettings());
        return consumerProps;
    }

    @BeforeAll
    static void fillTheTopic(Broker broker) throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        String topic = TOPIC;
        Properties adminProps = adminProps(broker);
        // tag::topic[]
        createTopic(adminProps, new NewTopic(topic, 4, (short) 1)); // 4 partitions; it returns once they take writes
        // end::topic[]
        // tag::producer-props[]
        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        // end::producer-props[]
        producerProps.putAll(broker.securitySettings());
        // tag::fill[]
        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            for (int i = 0; i < 4_000; i++) { // a backlog the consumers below will not finish
                producer.send(new ProducerRecord<>(topic, "device-" + (i % 40), "event " + i));
            }
        }
        // end::fill[]
    }

    /** Chapter 12's helper, which this page shows again from chapter 12. */
    private static void createTopic(Properties adminProps, NewTopic topic) throws Exception {
        dev.hellokafka.programs.Cluster.createTopic(adminProps, topic);
    }

    @Test
    @Order(1)
    @DisplayName("the same code joins a classic group or a consumer group; Admin tells them apart")
    void theSameCodeUnderBothProtocols() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        Properties adminProps = adminProps(broker);
        List<List<Object>> rows = new ArrayList<>();
        // tag::both-protocols[]
        for (String protocol : List.of("classic", "consumer")) {
            String group = topic + "-" + protocol;
            Properties props = new Properties();
            props.putAll(consumerProps);
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol); // classic is the default in Kafka 4.3
            try (Consumer<String, String> consumer = new KafkaConsumer<>(props);
                    Admin admin = Admin.create(adminProps)) {
                consumer.subscribe(List.of(topic));
                int read = 0;
                long deadline = System.currentTimeMillis() + 30_000;
                while (read == 0) { // until the group has given this member its partitions and it has read
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("the " + protocol + " member read nothing in 30 s");
                    }
                    read += consumer.poll(Duration.ofMillis(100)).count();
                }
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of(group))
                        .describedGroups()
                        .get(group)
                        .get();
                // end::both-protocols[]
                MemberDescription member = described.members().iterator().next();
                rows.add(List.of(
                        "`" + protocol + "`",
                        "`" + described.type() + "`",
                        "`" + described.groupState() + "`",
                        described.members().size(),
                        member.assignment().topicPartitions().size(),
                        described.partitionAssignor().isEmpty()
                                ? "(none)"
                                : "`" + described.partitionAssignor() + "`"));
                assertTrue(
                        protocol.equalsIgnoreCase(described.type().toString()), "Admin reports the group's protocol");
                assertEquals(4, member.assignment().topicPartitions().size(), "one member holds all 4 partitions");
                // tag::both-protocols[]
            }
        }
        // end::both-protocols[]
        recorder.table(
                "described",
                List.of("`group.protocol`", "group type", "state", "members", "partitions of the member", "assignor"),
                rows);
    }

    // tag::second-member[]
    /** What the first member of a group did while a second one joined. */
    record Join(String protocol, int gaveUp, int kept, int readFromKept) {}

    /**
     * The first member reads; a second joins the group. The first member's listener notes which partitions it
     * gave up; the loop counts what it read from the others, those it kept, until the second member had its own.
     */
    static Join secondMemberJoins(Properties consumerProps, String topic, String protocol) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-join-" + protocol);
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, protocol);
        Set<TopicPartition> gaveUp = new HashSet<>();
        ConsumerRebalanceListener noteWhatIsGivenUp = new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                gaveUp.addAll(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}
        };
        try (Consumer<String, String> first = new KafkaConsumer<>(props);
                Consumer<String, String> second = new KafkaConsumer<>(props)) {
            first.subscribe(List.of(topic), noteWhatIsGivenUp);
            long deadline = System.currentTimeMillis() + 30_000;
            while (first.assignment().size() < 4) { // the first member alone: all four partitions
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the first member did not get all partitions in 30 s");
                }
                first.poll(Duration.ofMillis(10));
            }
            Set<TopicPartition> before = new HashSet<>(first.assignment());
            second.subscribe(List.of(topic));
            List<ConsumerRecord<String, String>> readWhileJoining = new ArrayList<>();
            while (second.assignment().isEmpty()) { // until the second member has partitions of its own
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("the second member got no partitions in 30 s");
                }
                first.poll(Duration.ofMillis(10)).forEach(readWhileJoining::add);
                second.poll(Duration.ofMillis(10));
            }
            Set<TopicPartition> kept = new HashSet<>(before);
            kept.removeAll(gaveUp);
            long fromKept = readWhileJoining.stream()
                    .filter(r -> kept.contains(new TopicPartition(r.topic(), r.partition())))
                    .count();
            return new Join(protocol, gaveUp.size(), kept.size(), (int) fromKept);
        }
    }
    // end::second-member[]

    @Test
    @Order(2)
    @DisplayName("a second member joins: the classic group stops the first, the consumer group does not")
    void aSecondMemberJoins() {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        // tag::join[]
        Join classicJoin = secondMemberJoins(consumerProps, topic, "classic");
        Join consumerJoin = secondMemberJoins(consumerProps, topic, "consumer");
        // end::join[]
        recorder.table(
                "join",
                List.of(
                        "`group.protocol`",
                        "partitions the first member gave up",
                        "partitions it kept",
                        "it read from those while the second joined"),
                List.of(
                        List.of(
                                "`classic`",
                                classicJoin.gaveUp(),
                                classicJoin.kept(),
                                readSome(classicJoin.readFromKept())),
                        List.of(
                                "`consumer`",
                                consumerJoin.gaveUp(),
                                consumerJoin.kept(),
                                readSome(consumerJoin.readFromKept()))));

        assertEquals(4, classicJoin.gaveUp(), "the classic protocol (range assignor) takes every partition back");
        assertEquals(0, classicJoin.readFromKept(), "so the first member reads nothing while the group rebalances");
        assertEquals(2, consumerJoin.gaveUp(), "the consumer protocol moves only the partitions the newcomer gets");
        assertEquals(2, consumerJoin.kept());
        assertTrue(consumerJoin.readFromKept() > 0, "and the first member keeps reading the others: " + consumerJoin);
    }

    /** The count changes with timing; the page says only whether there was any. */
    private static String readSome(int records) {
        return records == 0 ? "nothing" : "records, all along";
    }

    @Test
    @Order(3)
    @DisplayName("a classic heartbeat setting is refused by the consumer protocol, and the broker's settings apply")
    void heartbeatsAreTheBrokersBusiness() throws Exception {
        String topic = TOPIC;
        Properties consumerProps = consumerProps();
        Properties adminProps = adminProps(broker);
        // tag::classic-setting[]
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, topic + "-heartbeat");
        props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "consumer");
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500); // a classic member's own setting
        props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, "range"); // and its assignor
        ConfigException refused = null;
        try (Consumer<String, String> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
        } catch (ConfigException e) {
            refused = e;
        }
        // end::classic-setting[]
        assertInstanceOf(ConfigException.class, refused, "the consumer refuses the setting when it is created");
        recorder.output("refused", refused.getClass().getName() + ": " + refused.getMessage());

        // tag::broker-settings[]
        Map<String, ConfigEntry> groupSettings;
        try (Admin admin = Admin.create(adminProps)) {
            String node =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
            DescribeConfigsOptions withDefaults = new DescribeConfigsOptions().includeSynonyms(true);
            Config config = admin.describeConfigs(List.of(resource), withDefaults)
                    .all()
                    .get()
                    .get(resource);
            groupSettings = config.entries().stream()
                    .filter(e -> e.name().startsWith("group.consumer."))
                    .collect(Collectors.toMap(e -> e.name(), e -> e, (a, b) -> a, TreeMap::new));
        }
        // end::broker-settings[]
        List<String> shown = List.of(
                "group.consumer.heartbeat.interval.ms",
                "group.consumer.min.heartbeat.interval.ms",
                "group.consumer.max.heartbeat.interval.ms",
                "group.consumer.session.timeout.ms",
                "group.consumer.min.session.timeout.ms",
                "group.consumer.max.session.timeout.ms",
                "group.consumer.assignors");
        recorder.table(
                "broker-settings",
                List.of("broker setting", "value here", "Kafka's default"),
                shown.stream()
                        .map(name -> List.<Object>of(
                                "`" + name + "`",
                                "`" + groupSettings.get(name).value() + "`",
                                "`" + kafkasDefault(groupSettings.get(name)) + "`"))
                        .toList());
        assertTrue(groupSettings.keySet().containsAll(shown), "the broker has them: " + groupSettings.keySet());
        if (broker.isEmbedded()) {
            assertEquals(
                    "500",
                    groupSettings.get("group.consumer.heartbeat.interval.ms").value(),
                    "as tutorial.properties sets");
        }

        // tag::group-session[]
        String group = topic + "-short-session";
        ConfigResource groupResource = new ConfigResource(ConfigResource.Type.GROUP, group);
        AlterConfigOp tenSeconds =
                new AlterConfigOp(new ConfigEntry("consumer.session.timeout.ms", "10000"), AlterConfigOp.OpType.SET);
        Throwable sessionRefused = null;
        try (Admin admin = Admin.create(adminProps)) {
            admin.incrementalAlterConfigs(Map.of(groupResource, List.of(tenSeconds)))
                    .all()
                    .get();
        } catch (ExecutionException e) {
            sessionRefused = e.getCause(); // below the broker's group.consumer.min.session.timeout.ms
        }
        // end::group-session[]
        assertInstanceOf(
                InvalidConfigurationException.class, sessionRefused, "a group cannot go below the broker's minimum");
        recorder.output("group-session", sessionRefused.getClass().getName() + ": " + sessionRefused.getMessage());
    }

    /** The value the broker would have without any setting: the synonym whose source is Kafka's default. */
    private static String kafkasDefault(ConfigEntry entry) {
        return entry.synonyms().stream()
                .filter(synonym -> synonym.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG)
                .map(ConfigEntry.ConfigSynonym::value)
                .findFirst()
                .orElse(entry.value());
    }
}
