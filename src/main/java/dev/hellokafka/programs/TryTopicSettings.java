package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Asks the broker for topics with settings it may refuse: a topic that exists (sample, made
 * earlier), partition counts that are not positive, more copies of a partition than there are
 * brokers, and -1 partitions. Prints each answer.
 */
public final class TryTopicSettings {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            int brokers = admin.describeCluster().nodes().get().size();
            System.out.println("The cluster has " + brokers + " broker(s).");
            create(admin, new NewTopic("sample", 1, (short) 1));
            create(admin, new NewTopic("no-partitions", 0, (short) 1));
            create(admin, new NewTopic("negative-partitions", -2, (short) 1));
            create(admin, new NewTopic("too-many-replicas", 1, (short) (brokers + 1)));
            create(admin, new NewTopic("default-partitions", -1, (short) 1));
        }
    }

    /** Asks for the topic, and prints the broker's answer: created, or why not. */
    private static void create(Admin admin, NewTopic topic) throws InterruptedException {
        String request = topic.name() + " with " + topic.numPartitions()
                + " partition(s), replication factor " + topic.replicationFactor();
        try {
            CreateTopicsResult result = admin.createTopics(List.of(topic));
            result.all().get();
            System.out.println(request + ": created, with "
                    + result.numPartitions(topic.name()).get() + " partition(s)");
        } catch (ExecutionException e) {
            Throwable refusal = e.getCause(); // the broker's answer: TopicExistsException, ...
            System.out.println(request + ": " + refusal.getClass().getSimpleName());
            Cluster.printIndented(refusal.getMessage());
        }
    }
}
