package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** The cluster's topics: those of its users, then with Kafka's own internal topics too. */
public final class ListTheTopics {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            Set<String> topics = admin.listTopics().names().get();
            Set<String> all = admin.listTopics(new ListTopicsOptions().listInternal(true))
                    .names()
                    .get();
            System.out.println("topics:                   " + new TreeSet<>(topics));
            System.out.println("with the internal ones:   " + new TreeSet<>(all));
        }
    }
}
