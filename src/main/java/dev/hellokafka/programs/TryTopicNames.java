package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Asks the broker for topics with names it may refuse: one with a space and a '!', one of 250
 * characters, and two that differ only in '.' and '_'. Prints each answer.
 */
public final class TryTopicNames {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            create(admin, new NewTopic("hello world!", 1, (short) 1));
            create(admin, new NewTopic("t".repeat(250), 1, (short) 1));
            create(admin, new NewTopic("metrics.eu", 1, (short) 1));
            create(admin, new NewTopic("metrics_eu", 1, (short) 1));
        }
    }

    /** Asks for the topic, and prints the broker's answer: created, or why not. */
    private static void create(Admin admin, NewTopic topic) throws InterruptedException {
        String name = topic.name();
        String shown = name.length() <= 40 // a long name, shortened to print
                ? name
                : name.substring(0, 3) + "..." + name.substring(name.length() - 1);
        try {
            CreateTopicsResult result = admin.createTopics(List.of(topic));
            result.all().get();
            System.out.println("'" + shown + "': created, with "
                    + result.numPartitions(name).get() + " partition(s)");
        } catch (ExecutionException e) {
            Throwable refusal = e.getCause(); // the broker's answer: InvalidTopicException, ...
            System.out.println("'" + shown + "': " + refusal.getClass().getSimpleName());
            Cluster.printIndented(refusal.getMessage().replace(name, shown));
        }
    }
}
