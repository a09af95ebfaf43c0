package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Asks for a session of 10 s for the consumer group events-consumer, as a group config, so that the
 * group notices a dead member sooner than the brokers' default; prints the brokers' answer.
 */
public final class ShortenTheSession {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "events-consumer");
        AlterConfigOp tenSeconds = new AlterConfigOp(
                new ConfigEntry("consumer.session.timeout.ms", "10000"), AlterConfigOp.OpType.SET);
        System.out.println("consumer.session.timeout.ms=10000 for the group events-consumer:");
        try (Admin admin = Admin.create(adminProps)) {
            admin.incrementalAlterConfigs(Map.of(group, List.of(tenSeconds)))
                    .all()
                    .get();
            System.out.println("set");
        } catch (ExecutionException e) {
            System.out.println("refused, with an " + e.getCause().getClass().getSimpleName() + ":");
            System.out.println(e.getCause().getMessage());
        }
    }
}
