package dev.hellokafka.tutorial.testing;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Map;
import java.util.TreeMap;

/**
 * A real Kafka broker inside the test's JVM, one per test class. Register it with
 * {@code @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();}
 * and hand {@code kafka.bootstrapServers()} to the code under test.
 *
 * <p>It is built on KafkaClusterTestKit, the kit Apache Kafka's own tests start clusters with
 * (org.apache.kafka:kafka-test-common-runtime). That is not a public API: use the version of your
 * kafka-clients, and expect to adjust this file when you upgrade.
 */
public class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {
    private KafkaClusterTestKit cluster;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // Kafka's released metadata version and features (the kit's default is the next, unreleased
        // ones)
        MetadataVersion released = MetadataVersion.latestProduction();
        Map<String, Short> features = new TreeMap<>();
        Feature.PRODUCTION_FEATURES.forEach(
                f -> features.put(f.featureName(), f.defaultLevel(released)));
        TestKitNodes oneNode = new TestKitNodes.Builder(
                        BootstrapMetadata.fromVersions(released, features, "test"))
                .setCombined(true) // one process that is both controller and broker
                .setNumControllerNodes(1)
                .setNumBrokerNodes(1)
                .build();
        cluster = new KafkaClusterTestKit.Builder(oneNode)
                // internal topics default to 3 replicas, more than one broker has
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                // and no unreleased APIs either: a test should see what production has
                .setConfigProp("unstable.api.versions.enable", "false")
                .setConfigProp("unstable.feature.versions.enable", "false")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close(); // stops the broker and deletes its files
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }
}
