package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.broker.EmbeddedKafkaCluster;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.ThreadStreams;
import dev.hellokafka.programs.Cluster;
import dev.hellokafka.programs.SendOrdersAsAvro;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.tools.TopicCommand;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What chapters need but do not teach: their topics, and clients for String keys and values. The code a
 * page shows is written out in the step itself.
 */
final class Fixtures {

    private Fixtures() {}

    /**
     * Removes a Streams application's local state (its stores' copies under the default state.dir), as on a
     * machine that never ran it. The directory outlives the run; against a broker started for this run, a copy
     * from an earlier one is ahead of the new changelog, and Streams must find the task corrupt and rebuild it
     * before it processes anything.
     */
    static void forgetLocalState(String applicationId) throws IOException {
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams", applicationId);
        if (Files.exists(state)) {
            try (Stream<Path> files = Files.walk(state)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * A topic or group name for this run: the name itself on a broker started for this run, and the name with a
     * random suffix on a cluster that outlives the run, so that a second run starts afresh.
     */
    static String nameForThisRun(Broker broker, String name) {
        return broker.isNewForThisRun() ? name : name + "-" + UUID.randomUUID();
    }

    /** The end offset of the topic's partition 0: the offset the next record written to it will get. */
    static long endOffset(Broker broker, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .partitionResult(partition)
                    .get(30, TimeUnit.SECONDS)
                    .offset();
        }
    }

    /** A broker setting's value, as the cluster's first broker reports it, for a setting whose value is a number. */
    static long brokerSetting(Broker broker, String name) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            String node = admin.describeCluster()
                    .nodes()
                    .get(30, TimeUnit.SECONDS)
                    .iterator()
                    .next()
                    .idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
            return Long.parseLong(admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource)
                    .get(name)
                    .value());
        }
    }

    /** A line of the reports that print a topic's records (PrintTheAuditLog, PrintTheClicks): "offset 4: entry 4". */
    private static final Pattern REPORTED_RECORD = Pattern.compile("(?m)^offset (\\d+): (.*)$");

    /** The values of the records a report printed, in its order. */
    static List<String> reportedValues(String printed) {
        return REPORTED_RECORD.matcher(printed).results().map(m -> m.group(2)).toList();
    }

    /** The offsets of the records a report printed, in its order. */
    static List<Long> reportedOffsets(String printed) {
        return REPORTED_RECORD
                .matcher(printed)
                .results()
                .map(m -> Long.parseLong(m.group(1)))
                .toList();
    }

    /** The orders' Avro schema, version 1, as SendOrdersAsAvro writes with it. */
    static final Schema ORDER_V1 = new Schema.Parser()
            .parse("{\"type\": \"record\", \"name\": \"Order\", \"namespace\": \"com.example.shop\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"string\"}, {\"name\": \"customer\", \"type\": \"string\"},"
                    + " {\"name\": \"amountCents\", \"type\": \"long\"}]}");

    /** What SendOrdersAsAvro printed, and the end offset of orders-avro before it wrote its two orders. */
    record OrdersWrittenWithV1(long before, String printed) {}

    /**
     * Runs SendOrdersAsAvro, which writes two orders to orders-avro with the schema's first version: what
     * records-that-carry-data shows, and what schemas-that-change writes its second version after.
     */
    static OrdersWrittenWithV1 writeOrdersWithV1(Broker broker) throws Exception {
        Cluster.createTopic(broker.clientProperties(), new NewTopic("orders-avro", 1, (short) 1));
        long before = endOffset(broker, "orders-avro");
        return new OrdersWrittenWithV1(before, ProgramRun.run(SendOrdersAsAvro.class, broker));
    }

    /** The values of the topic's partition 0 from this offset on, as many as asked for, as bytes. */
    static List<byte[]> valuesFrom(Broker broker, String topic, long offset, int count) {
        List<byte[]> values = new ArrayList<>();
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Consumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                forChecks(broker.clientProperties()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            Poll.until(count + " records of " + topic + " from " + offset, () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    values.add(r.value());
                }
                return values.size() >= count;
            });
        }
        return values.subList(0, count);
    }

    /** Whether the cluster creates a topic when a client first uses it (auto.create.topics.enable). */
    static boolean createsTopicsOnFirstUse(Broker broker) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            String node = admin.describeCluster()
                    .nodes()
                    .get(30, TimeUnit.SECONDS)
                    .iterator()
                    .next()
                    .idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, node);
            Config config = admin.describeConfigs(List.of(resource))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(resource);
            return Boolean.parseBoolean(config.get("auto.create.topics.enable").value());
        }
    }

    static Properties stringProducerProps(Broker broker) {
        Properties props = broker.clientProperties();
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    /** A string consumer for the walk's own checks; see {@link #forChecks}. */
    static Properties stringConsumerProps(Broker broker) {
        Properties props = forChecks(broker.clientProperties());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return props;
    }

    /**
     * A copy of consumer settings for a check the page does not show. A consumer's close() waits for the fetch
     * it still has at the broker, and the broker holds a fetch that finds nothing new for fetch.max.wait.ms
     * (500 ms by default): a check's consumer has it answered within 50 ms, so that its close does not wait.
     */
    static Properties forChecks(Properties consumerProps) {
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        return props;
    }

    /**
     * Every record of the topic's partition 0, from its first offset to the end it had when reading began,
     * read without a consumer group.
     */
    static <K, V> List<ConsumerRecord<K, V>> readAll(Properties consumerProps, String topic) {
        TopicPartition partition = new TopicPartition(topic, 0);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (Consumer<K, V> consumer = new KafkaConsumer<>(forChecks(consumerProps))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            Poll.until("every record of " + topic, () -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return consumer.position(partition) >= end;
            });
        }
        return records;
    }

    /**
     * What a program printed, with each message that {@code Cluster.printIndented} broke over lines to keep
     * them within 100 characters joined again: one indented line, as Kafka wrote the message.
     */
    static String messagesJoined(String printed) {
        List<String> lines = new ArrayList<>();
        for (String line : printed.lines().toList()) {
            int last = lines.size() - 1;
            if (line.startsWith("    ") && last >= 0 && lines.get(last).startsWith("    ")) {
                lines.set(last, lines.get(last) + " " + line.substring(4));
            } else {
                lines.add(line);
            }
        }
        return String.join("\n", lines);
    }

    /** What a program printed after a line's label: {@code "  fetches:  12"} after {@code "  fetches:  "}. */
    static String valueAfter(String line, String label) {
        assertTrue(line.startsWith(label), "'" + line + "' starts with '" + label + "'");
        return line.substring(label.length());
    }

    /** A row of ReadTheTransfers' or ReadTheInvoices' report: the offset, and what each level was given. */
    record ReportRow(long offset, String committed, String uncommitted) {}

    /** The rows of ReadTheTransfers' or ReadTheInvoices' report, whose columns are {@code width} wide. */
    static List<ReportRow> reportRows(String report, int width) {
        List<ReportRow> rows = new ArrayList<>();
        for (String line : report.lines().skip(1).toList()) {
            String committed = line.substring(7, 7 + width).strip();
            String uncommitted = line.substring(8 + width, Math.min(line.length(), 8 + 2 * width))
                    .strip();
            rows.add(new ReportRow(Long.parseLong(line.substring(0, 6).strip()), committed, uncommitted));
        }
        return rows;
    }

    /** A job line of the share group chapters' programs: "offset 6: job-7", maybe followed by more. */
    private static final Pattern JOB = Pattern.compile("(?m)^offset (\\d+): (job-\\d+(?: \\(aborted\\))?)(.*)$");

    /** The jobs a program printed, from this offset on: each line's text after "offset N: ". */
    static List<String> jobs(String printed, long from) {
        List<String> jobs = new ArrayList<>();
        Matcher m = JOB.matcher(printed);
        while (m.find()) {
            if (Long.parseLong(m.group(1)) >= from) {
                jobs.add(m.group(2) + m.group(3));
            }
        }
        return jobs;
    }

    /** The offsets of the jobs a program printed, in the order it printed them. */
    static List<Long> offsets(String printed) {
        List<Long> offsets = new ArrayList<>();
        Matcher m = JOB.matcher(printed);
        while (m.find()) {
            offsets.add(Long.parseLong(m.group(1)));
        }
        return offsets;
    }

    /** The offset at which SendTrickyJobs sent job-1, from what it printed: the next three offsets are its jobs. */
    static long trickyJobsStart(String printed) {
        Matcher first = Pattern.compile("Sent job-1 to tricky-jobs, at offset (\\d+)\\.")
                .matcher(printed);
        if (!first.find()) {
            throw new AssertionError("SendTrickyJobs printed no offset for job-1: " + printed);
        }
        return Long.parseLong(first.group(1));
    }

    /** The same lines {@code kafka-topics.sh --describe} prints: the topic, then one line per partition. */
    static String kafkaTopicsLayout(TopicDescription topic, Config config) {
        String overrides = config.entries().stream()
                .filter(e -> !e.isDefault()) // what kafka-topics.sh shows: every value not built in
                .map(e -> e.name() + "=" + e.value())
                .collect(Collectors.joining(","));
        StringBuilder out = new StringBuilder();
        out.append("Topic: ")
                .append(topic.name())
                .append("\tTopicId: ")
                .append(topic.topicId())
                .append("\tPartitionCount: ")
                .append(topic.partitions().size())
                .append("\tReplicationFactor: ")
                .append(topic.partitions().get(0).replicas().size())
                .append("\tConfigs: ")
                .append(overrides)
                .append('\n');
        for (TopicPartitionInfo p : topic.partitions()) {
            out.append("\tTopic: ")
                    .append(topic.name())
                    .append("\tPartition: ")
                    .append(p.partition())
                    .append("\tLeader: ")
                    .append(p.leader() == null ? "none" : p.leader().id())
                    .append("\tReplicas: ")
                    .append(ids(p.replicas()))
                    .append("\tIsr: ")
                    .append(ids(p.isr()))
                    .append("\tElr: ")
                    .append(ids(p.elr()))
                    .append("\tLastKnownElr: ")
                    .append(ids(p.lastKnownElr()))
                    .append('\n');
        }
        return out.toString();
    }

    /**
     * The brokers of a cluster a chapter started, their addresses registered as the ones the page gives (your
     * three brokers, localhost:9092 and on).
     */
    static Broker brokersAsOnThePage(EmbeddedKafkaCluster cluster, Recorder recorder) {
        String[] addresses = cluster.bootstrapServers().split(",");
        for (int i = 0; i < addresses.length; i++) {
            recorder.registerRunValue(addresses[i], "localhost:" + (9092 + i));
        }
        return Broker.at(cluster.bootstrapServers());
    }

    /**
     * A broker other than the walk's that a chapter runs on, its address registered as the page gives it
     * ({@code localhost:<port>}).
     */
    static Broker ownBrokerAsOnThePage(EmbeddedKafkaBroker own, Recorder recorder) {
        recorder.registerRunValue(own.bootstrapServers(), "localhost:<port>");
        recorder.registerRunValue("localhost:" + own.port(), "localhost:<port>");
        return Broker.startedForThisRun(own.bootstrapServers());
    }

    /**
     * Returns once every broker with a copy of the topic has its log. Brokers learn of a new topic from the
     * controllers each at its own pace, and one that has not yet answers a describe with "This server does not
     * host this topic-partition"; a broker has the log only after it knows the topic.
     */
    static void awaitEveryCopy(Broker broker, String topic) {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Poll.until("every broker with a copy of " + topic + " to have its log", () -> {
                TopicDescription description;
                try {
                    description = admin.describeTopics(List.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                        return false; // the broker asked does not know it yet
                    }
                    throw e;
                }
                Map<Integer, List<TopicPartition>> copies = new HashMap<>();
                for (TopicPartitionInfo p : description.partitions()) {
                    for (Node replica : p.replicas()) {
                        copies.computeIfAbsent(replica.id(), id -> new ArrayList<>())
                                .add(new TopicPartition(topic, p.partition()));
                    }
                }
                Map<Integer, Map<String, LogDirDescription>> logDirs =
                        admin.describeLogDirs(copies.keySet()).allDescriptions().get();
                return copies.entrySet().stream()
                        .allMatch(copy -> logDirs.get(copy.getKey()).values().stream()
                                .flatMap(dir -> dir.replicaInfos().keySet().stream())
                                .collect(Collectors.toSet())
                                .containsAll(copy.getValue()));
            });
        }
    }

    /** Partition 0 of the topic as the cluster describes it now: its leader, replicas and in-sync set. */
    static TopicPartitionInfo firstPartition(Broker broker, String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions()
                    .get(0);
        }
    }

    /** The topic as kafka-topics.sh --describe prints it, the tool run here against the broker. */
    static String describedByKafkaTopics(Broker broker, Recorder recorder, String topic) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            String id = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .topicId()
                    .toString();
            recorder.registerRunValue(id, "<topic-id>");
        }
        KafkaTool.Result described = KafkaTool.run(
                broker,
                "kafka-topics.sh",
                TopicCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--describe",
                "--topic",
                topic);
        return described.out().stripTrailing();
    }

    /** The package of the testing chapters' application and its tests, the reader's code. */
    static final String TESTING = "dev.hellokafka.tutorial.testing.";

    /** What JUnit reported for each test of the classes, and for the classes it skipped whole. */
    record TestsRun(List<List<Object>> rows, List<String> skipped, List<String> failures) {
        /** The columns of the page's table of what JUnit found, one row per test. */
        static final List<String> HEADER = List.of("test class", "test", "result");
    }

    /** Runs the test classes of the testing package with JUnit, as the reader's build would, one after another. */
    static TestsRun runTests(String... classNames) throws InterruptedException {
        List<List<Object>> rows = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionSkipped(TestIdentifier test, String reason) {
                skipped.add(reason);
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    failures.add(test.getDisplayName() + ": "
                            + result.getThrowable().map(Throwable::toString).orElse("" + result.getStatus()));
                }
                if (test.isTest() && test.getSource().orElse(null) instanceof MethodSource method) {
                    rows.add(List.of(
                            "`" + method.getJavaClass().getSimpleName() + "`",
                            "`" + method.getMethodName() + "`",
                            result.getStatus() == TestExecutionResult.Status.SUCCESSFUL
                                    ? "passed"
                                    : result.getStatus().toString().toLowerCase()));
                }
            }
        };
        Launcher launcher = LauncherFactory.create();
        // The test kit prints its format steps; the walk's console shows only the table.
        ThreadStreams.withoutOutput(() -> launcher.execute(
                LauncherDiscoveryRequestBuilder.request()
                        .selectors(Arrays.stream(classNames)
                                .map(name -> selectClass(TESTING + name))
                                .toList())
                        .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                        .build(),
                listener));
        return new TestsRun(rows, skipped, failures);
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(","));
    }
}
