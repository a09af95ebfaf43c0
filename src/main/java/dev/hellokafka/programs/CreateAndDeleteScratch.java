package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A topic for the time of one job: creates the topic scratch, deletes it with deleteTopics, waits
 * until it is no longer listed, and asks the cluster to describe it.
 */
public final class CreateAndDeleteScratch {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("scratch", 1, (short) 1));
        System.out.println("Created scratch.");
        try (Admin admin = Admin.create(adminProps)) {
            admin.deleteTopics(List.of("scratch")).all().get(); // for good, with all its records
            long deadline = System.currentTimeMillis() + 30_000;
            while (admin.listTopics().names().get().contains("scratch")) { // every broker, soon
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("scratch is still listed after 30 s");
                }
            }
            System.out.println("Deleted scratch: it is no longer listed.");
            try {
                admin.describeTopics(List.of("scratch")).allTopicNames().get();
                System.out.println("describeTopics: scratch is there");
            } catch (ExecutionException e) {
                System.out.println("describeTopics: " + e.getCause().getClass().getName());
                Cluster.printIndented(e.getCause().getMessage());
            }
        }
    }
}
