package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.util.Collection;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FeatureMetadata;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Step 1 · Start the broker")
@ExtendWith(Tutorial.class)
class Step01StartTheBroker {

    private final Broker broker;
    private final Docs docs;

    Step01StartTheBroker(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
    }

    @Test
    @DisplayName("the broker answers, and one node is both broker and controller")
    void theBrokerAnswers() throws Exception {
        String bootstrapServers = broker.bootstrapServers();
        // tag::describe-cluster[]
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // end::describe-cluster[]
        props.putAll(broker.securitySettings());
        // tag::describe-cluster[]
        try (Admin admin = Admin.create(props)) {
            String clusterId = admin.describeCluster().clusterId().get();
            Collection<Node> brokers = admin.describeCluster().nodes().get();
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            FeatureMetadata features =
                    admin.describeFeatures().featureMetadata().get();
            // end::describe-cluster[]

            String voters =
                    quorum.voters().stream().map(v -> "node " + v.replicaId()).collect(Collectors.joining(", "));
            docs.output(
                    "cluster",
                    String.join(
                            "\n",
                            "cluster id:        " + clusterId,
                            "brokers:           "
                                    + brokers.stream()
                                            .map(n -> "node " + n.id() + " at " + n.host() + ":" + n.port())
                                            .collect(Collectors.joining(", ")),
                            "controllers:       " + voters + " (the metadata quorum; its leader is node "
                                    + quorum.leaderId() + ")",
                            "metadata.version:  "
                                    + metadataVersion(
                                            features.finalizedFeatures().get("metadata.version"))));

            assertFalse(brokers.isEmpty(), "the cluster should have at least one broker");
            assertTrue(
                    quorum.voters().stream().anyMatch(v -> v.replicaId() == quorum.leaderId()),
                    "the metadata quorum should have elected a leader among its voters");
            // tag::describe-cluster[]
        }
        // end::describe-cluster[]
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
