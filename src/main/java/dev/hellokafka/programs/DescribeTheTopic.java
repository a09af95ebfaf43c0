package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The topic sample: its partitions, their leader, copies and in-sync copies, printed the way
 * kafka-topics.sh --describe prints them; then a few of its settings and where each value comes
 * from.
 */
public final class DescribeTheTopic {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            TopicDescription sample = admin.describeTopics(List.of("sample"))
                    .allTopicNames()
                    .get()
                    .get("sample");
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "sample");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            String notDefault = config.entries().stream()
                    .filter(entry -> !entry.isDefault()) // not Kafka's built-in value
                    .map(entry -> entry.name() + "=" + entry.value())
                    .collect(Collectors.joining(","));
            System.out.println("Topic: " + sample.name() + "\tTopicId: " + sample.topicId()
                    + "\tPartitionCount: " + sample.partitions().size()
                    + "\tReplicationFactor: "
                    + sample.partitions().get(0).replicas().size()
                    + "\tConfigs: " + notDefault);
            for (TopicPartitionInfo partition : sample.partitions()) {
                System.out.println(
                        "\tTopic: " + sample.name() + "\tPartition: " + partition.partition()
                                + "\tLeader: "
                                + (partition.leader() == null
                                        ? "none" // no replica of it is on a running broker
                                        : partition.leader().id())
                                + "\tReplicas: " + ids(partition.replicas())
                                + "\tIsr: " + ids(partition.isr())
                                + "\tElr: " + ids(partition.elr())
                                + "\tLastKnownElr: " + ids(partition.lastKnownElr()));
            }
            System.out.println();
            for (String name : List.of(
                    "cleanup.policy",
                    "retention.ms",
                    "retention.bytes",
                    "segment.bytes",
                    "max.message.bytes",
                    "min.insync.replicas",
                    "message.timestamp.type")) {
                ConfigEntry entry = config.get(name);
                System.out.printf("%-23s %-12s %s%n", name, entry.value(), entry.source());
            }
        }
    }

    private static String ids(List<Node> nodes) {
        return nodes.stream().map(Node::idString).collect(Collectors.joining(","));
    }
}
