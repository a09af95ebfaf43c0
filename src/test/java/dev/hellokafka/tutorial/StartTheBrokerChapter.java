package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.CoreStep;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import java.io.StringReader;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
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
        String bootstrapServers = broker.bootstrapServers();
        // tag::admin-props[]
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::admin-props[]
        adminProps.putAll(broker.securitySettings());
        // tag::describe-cluster[]
        try (Admin admin = Admin.create(adminProps)) {
            String clusterId = admin.describeCluster().clusterId().get();
            Collection<Node> brokers = admin.describeCluster().nodes().get();
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            Map<String, FinalizedVersionRange> features =
                    admin.describeFeatures().featureMetadata().get().finalizedFeatures();
            // end::describe-cluster[]

            quorum.nodes()
                    .values()
                    .forEach(node -> node.endpoints()
                            .forEach(e -> recorder.registerRunValue(
                                    e.host() + ":" + e.port(), "localhost:<controller-port>")));
            recorder.output(
                    "cluster",
                    String.join(
                            "\n",
                            "cluster id:        " + clusterId,
                            "brokers:           "
                                    + brokers.stream()
                                            .map(n -> "node " + n.id() + " at " + n.host() + ":" + n.port())
                                            .collect(Collectors.joining(", ")),
                            "controllers:       " + voters(quorum) + "; the quorum's leader is node "
                                    + quorum.leaderId(),
                            "metadata.version:  " + metadataVersion(features.get("metadata.version")),
                            "kraft.version:     " + kraftVersion(features)));

            assertTrue(
                    quorum.voters().stream().anyMatch(v -> v.replicaId() == quorum.leaderId()),
                    "the metadata quorum should have elected a leader among its voters");
            if (broker.isEmbedded()) { // the broker this page describes; other modes run other configurations
                assertEquals(List.of(1), brokers.stream().map(Node::id).toList(), "one broker, node 1");
                assertEquals(List.of(1), voterIds(quorum), "and node 1 is the quorum's only voter");
                assertEquals(1, kraftVersion(features), "formatted with --standalone");
            }
            // tag::describe-cluster[]
        }
        // end::describe-cluster[]
    }

    /** A cluster with a static quorum finalizes no kraft.version at all: that is level 0. */
    private static int kraftVersion(Map<String, FinalizedVersionRange> features) {
        FinalizedVersionRange level = features.get("kraft.version");
        return level == null ? 0 : level.maxVersionLevel();
    }

    private static List<Integer> voterIds(QuorumInfo quorum) {
        return quorum.voters().stream().map(QuorumInfo.ReplicaState::replicaId).toList();
    }

    /** Each voter with the controller endpoint the quorum knows it by (the dynamic quorum records them). */
    private static String voters(QuorumInfo quorum) {
        return quorum.voters().stream()
                .map(v -> "node " + v.replicaId()
                        + quorum.nodes().get(v.replicaId()).endpoints().stream()
                                .map(e -> " at " + e.host() + ":" + e.port() + " (" + e.listener() + ")")
                                .collect(Collectors.joining()))
                .collect(Collectors.joining(", "));
    }

    /** Feature level to release name, e.g. 30 to 4.3-IV0: what the broker's metadata format says about its version. */
    private static String metadataVersion(FinalizedVersionRange level) {
        short featureLevel = level.maxVersionLevel();
        try {
            return MetadataVersion.fromFeatureLevel(featureLevel).version() + " (feature level " + featureLevel + ")";
        } catch (IllegalArgumentException newerThanThisCode) {
            return "feature level " + featureLevel;
        }
    }
}
