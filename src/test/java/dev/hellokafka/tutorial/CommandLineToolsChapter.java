package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.Cluster;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.tools.ConsoleProducer;
import org.apache.kafka.tools.TopicCommand;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The post's commands with Apache Kafka's own tools. {@code kafka-topics.sh} and the console scripts only
 * start a JVM on these classes ({@code TopicCommand}, {@code ConsoleProducer}, {@code ConsoleConsumer}); this
 * step calls the same classes with the same arguments, inside the test JVM, and keeps what they print.
 */
@ExtendWith(TutorialExtension.class)
class CommandLineToolsChapter {

    /** A new topic per run, so that --create succeeds on a cluster that has seen this step before. */
    private static final String RUN = UUID.randomUUID().toString();

    private static final String TOPIC = "cli-sample-" + RUN;

    private final Broker broker;
    private final Recorder recorder;

    CommandLineToolsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("kafka-topics.sh --create, --list and --describe")
    void topics() throws Exception {
        recorder.registerRunValue(RUN, "<uuid>");
        var create = run(
                broker,
                "kafka-topics.sh",
                TopicCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--create",
                "--topic",
                TOPIC,
                "--partitions",
                "1",
                "--replication-factor",
                "1");
        // the tool returned once the controller stored the topic; this returns once its leader takes writes
        Cluster.createTopic(broker.clientProperties(), new NewTopic(TOPIC, 1, (short) 1));
        var list = run(
                broker,
                "kafka-topics.sh",
                TopicCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--list",
                "--topic",
                "cli-sample-.*");
        var describe = run(
                broker,
                "kafka-topics.sh",
                TopicCommand::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--describe",
                "--topic",
                TOPIC);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            Uuid topicId = admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(TOPIC)
                    .topicId();
            recorder.registerRunValue(topicId.toString(), "<topic-id>");
        }
        recorder.output("create", create.transcript());
        recorder.output("list", list.transcript());
        recorder.output("describe", describe.transcript());

        assertEquals("Created topic " + TOPIC + ".", create.out().strip(), create.transcript());
        assertTrue(list.out().lines().anyMatch(TOPIC::equals), list.transcript());
        assertTrue(describe.out().contains("PartitionCount: 1"), describe.transcript());
        try (Admin admin = Admin.create(broker.clientProperties())) {
            assertTrue(
                    admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(TOPIC),
                    "the Java Admin client sees the topic the tool created");
        }
    }

    @Test
    @Order(2)
    @DisplayName("kafka-console-producer.sh and kafka-console-consumer.sh, with a Java producer in between")
    void consoleClients() throws Exception {
        recorder.registerRunValue(RUN, "<uuid>");
        Cluster.createTopic(broker.clientProperties(), new NewTopic(TOPIC, 1, (short) 1));
        var plain = run(
                broker,
                "kafka-console-producer.sh",
                ConsoleProducer::main,
                "Hello, World!\n",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                TOPIC);
        var keyed = run(
                broker,
                "kafka-console-producer.sh",
                ConsoleProducer::main,
                "message-two:This is the Java client\n",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                TOPIC,
                "--reader-property",
                "parse.key=true",
                "--reader-property",
                "key.separator=:");
        var consume = run(
                broker,
                "kafka-console-consumer.sh",
                ConsoleConsumer::main,
                "",
                "--bootstrap-server",
                broker.bootstrapServers(),
                "--topic",
                TOPIC,
                "--from-beginning",
                "--formatter-property",
                "print.key=true",
                "--max-messages",
                "2",
                "--timeout-ms",
                "30000");
        recorder.output("produce", plain.transcript() + "\n\n" + keyed.transcript());
        recorder.output("consume", consume.transcript());

        assertEquals(0, plain.exitCode(), plain.transcript());
        assertEquals(0, keyed.exitCode(), keyed.transcript());
        assertEquals(
                List.of("null\tHello, World!", "message-two\tThis is the Java client"),
                consume.out().lines().toList(),
                consume.transcript());
    }
}
