package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/** Asks for the topic customers, which has three partitions, to have two: Kafka refuses. */
public final class TryToShrinkCustomers {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            admin.createPartitions(Map.of("customers", NewPartitions.increaseTo(2)))
                    .all()
                    .get();
            System.out.println("customers has 2 partitions now.");
        } catch (ExecutionException e) {
            Throwable refusal = e.getCause(); // InvalidPartitionsException
            System.out.println("Refused: " + refusal.getClass().getName());
            Cluster.printIndented(refusal.getMessage());
        }
    }
}
