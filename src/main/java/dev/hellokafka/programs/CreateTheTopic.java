package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/** The post's topic: sample, with one partition and one copy of it. */
public final class CreateTheTopic {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            NewTopic sample =
                    new NewTopic("sample", 1, (short) 1); // partitions, replication factor
            admin.createTopics(List.of(sample)).all().get(); // get() waits for the broker's answer
            System.out.println("Created topic sample.");
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // Fine: the goal is a topic that exists, and it does.
            System.out.println(
                    "Topic sample exists already: " + e.getCause().getClass().getName());
            System.out.println("    " + e.getCause().getMessage());
        }
    }
}
