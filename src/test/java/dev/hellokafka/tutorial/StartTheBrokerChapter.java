package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.DescribeTheCluster;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@CoreStep
@ExtendWith(TutorialExtension.class)
class StartTheBrokerChapter {

    private final Broker broker;
    private final Recorder recorder;

    StartTheBrokerChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    @Test
    @Order(1)
    @DisplayName("the broker's server.properties: one node, broker and controller, with a dynamic quorum")
    void theBrokersConfiguration() throws Exception {
        String file = EmbeddedKafkaBroker.serverProperties("localhost", 9092, 9093, "/tmp/kraft-combined-logs");
        recorder.output("server-properties", file, "properties");
        recorder.output("tutorial-properties", EmbeddedKafkaBroker.tutorialProperties(), "properties");

        Properties properties = new Properties();
        properties.load(new StringReader(file));
        KafkaConfig config = KafkaConfig.fromProps(properties, false); // what kafka-server-start.sh checks
        assertEquals(
                List.of("broker", "controller"),
                List.of(properties.getProperty("process.roles").split(",")));
        assertTrue(
                config.quorumConfig().voters().isEmpty()
                        && !properties
                                .getProperty("controller.quorum.bootstrap.servers")
                                .isBlank(),
                "a dynamic quorum: bootstrap servers for the controllers, no static controller.quorum.voters");
        Set<String> both = new TreeSet<>(EmbeddedKafkaBroker.tutorialSettings().keySet());
        both.retainAll(properties.stringPropertyNames());
        assertEquals(Set.of(), both, "the file a reader saves holds none of the tutorial's own settings");
    }

    @Test
    @Order(2)
    @DisplayName("the broker answers, and one node is both broker and controller")
    void theBrokerAnswers() throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            quorum.nodes()
                    .values()
                    .forEach(node -> node.endpoints()
                            .forEach(e -> recorder.registerRunValue(
                                    e.host() + ":" + e.port(), "localhost:<controller-port>")));
            String printed = ProgramRun.run(DescribeTheCluster.class, broker);
            recorder.output("cluster", printed);

            assertTrue(
                    quorum.voters().stream().anyMatch(v -> v.replicaId() == quorum.leaderId()),
                    "the metadata quorum should have elected a leader among its voters");
            short level = admin.describeFeatures()
                    .featureMetadata()
                    .get()
                    .finalizedFeatures()
                    .get("metadata.version")
                    .maxVersionLevel();
            assertTrue(printed.contains("metadata.version:  level " + level), printed);
            if (broker.isEmbedded()) { // the broker this page describes; other modes run other configurations
                Collection<Node> brokers = admin.describeCluster().nodes().get();
                assertEquals(List.of(1), brokers.stream().map(Node::id).toList(), "one broker, node 1");
                assertEquals(
                        List.of(1),
                        quorum.voters().stream()
                                .map(QuorumInfo.ReplicaState::replicaId)
                                .toList(),
                        "and node 1 is the quorum's only voter");
                assertTrue(printed.contains("kraft.version:     1"), "formatted with --standalone: " + printed);
                assertEquals(
                        "4.3-IV0",
                        MetadataVersion.fromFeatureLevel(level).version(),
                        "the page says which release's metadata format this level is");
            }
        }
    }
}
