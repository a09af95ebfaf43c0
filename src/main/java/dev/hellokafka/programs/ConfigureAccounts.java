package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Changes two settings of the topic accounts: retention.ms to one day, and max.message.bytes back
 * to the broker's default; then reads them back, each with where its value comes from.
 */
public final class ConfigureAccounts {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("accounts", 1, (short) 1));
        ConfigResource accounts = new ConfigResource(ConfigResource.Type.TOPIC, "accounts");
        try (Admin admin = Admin.create(adminProps)) {
            List<AlterConfigOp> changes = List.of(
                    new AlterConfigOp(
                            new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "86400000"), // 1 day
                            AlterConfigOp.OpType.SET),
                    new AlterConfigOp(
                            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, ""),
                            AlterConfigOp.OpType.DELETE)); // back to the broker's default
            admin.incrementalAlterConfigs(Map.of(accounts, changes)).all().get();

            // The broker that answers applies what the controller accepted a moment later.
            Config config = admin.describeConfigs(List.of(accounts)).all().get().get(accounts);
            long deadline = System.currentTimeMillis() + 10_000;
            while (!config.get(TopicConfig.RETENTION_MS_CONFIG).value().equals("86400000")) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("retention.ms is not 86400000 after 10 s");
                }
                config = admin.describeConfigs(List.of(accounts)).all().get().get(accounts);
            }
            for (String name : List.of(
                    TopicConfig.RETENTION_MS_CONFIG, TopicConfig.MAX_MESSAGE_BYTES_CONFIG)) {
                ConfigEntry entry = config.get(name); // its value, and where it comes from
                System.out.printf("%-18s %-9s %s%n", name, entry.value(), entry.source());
            }
        }
    }
}
