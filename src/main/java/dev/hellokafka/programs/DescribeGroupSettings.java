package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Properties;

/**
 * The broker's settings for the heartbeats, sessions and assignors of every consumer group: the
 * value this broker runs with, and Kafka's default.
 */
public final class DescribeGroupSettings {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            String node =
                    admin.describeCluster().nodes().get().iterator().next().idString();
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, node);
            // With its synonyms, each setting says where its value comes from, and the default.
            DescribeConfigsOptions withDefaults =
                    new DescribeConfigsOptions().includeSynonyms(true);
            Config config = admin.describeConfigs(List.of(broker), withDefaults)
                    .all()
                    .get()
                    .get(broker);
            System.out.printf(
                    "%-42s %-14s %s%n", "broker setting", "value here", "Kafka's default");
            for (String name : List.of(
                    "group.consumer.heartbeat.interval.ms",
                    "group.consumer.min.heartbeat.interval.ms",
                    "group.consumer.max.heartbeat.interval.ms",
                    "group.consumer.session.timeout.ms",
                    "group.consumer.min.session.timeout.ms",
                    "group.consumer.max.session.timeout.ms",
                    "group.consumer.assignors")) {
                ConfigEntry entry = config.get(name);
                String kafkasDefault = entry.synonyms().stream()
                        .filter(s -> s.source() == ConfigEntry.ConfigSource.DEFAULT_CONFIG)
                        .map(ConfigEntry.ConfigSynonym::value)
                        .findFirst()
                        .orElse(entry.value());
                System.out.printf("%-42s %-14s %s%n", name, entry.value(), kafkasDefault);
            }
        }
    }
}
