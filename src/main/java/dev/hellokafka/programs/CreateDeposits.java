package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The topic deposits on a cluster of three brokers: one partition, a copy on each of brokers 1, 2
 * and 3 (broker 1 first, so its preferred leader), and at least two copies in sync for a write.
 */
public final class CreateDeposits {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        NewTopic deposits = new NewTopic(
                        "deposits", Map.of(0, List.of(1, 2, 3))) // partition 0: brokers 1, 2, 3
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2"));
        Cluster.createTopic(adminProps, deposits);
        System.out.println("deposits: partition 0 on brokers 1, 2 and 3, min.insync.replicas=2");
    }
}
