package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Tries to delete the records of the compacted topic balances but its last one, with
 * deleteRecords: Kafka refuses.
 */
public final class TrimTheBalances {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        TopicPartition balances = new TopicPartition("balances", 0);
        try (Admin admin = Admin.create(adminProps)) {
            long end = admin.listOffsets(Map.of(balances, OffsetSpec.latest()))
                    .partitionResult(balances)
                    .get()
                    .offset();
            long before = Math.max(0, end - 1);
            try {
                admin.deleteRecords(Map.of(balances, RecordsToDelete.beforeOffset(before)))
                        .all()
                        .get();
                System.out.println(
                        "Deleted the records of " + balances + " before offset " + before);
            } catch (ExecutionException e) {
                // The topic's cleanup.policy has no "delete".
                Throwable refusal = e.getCause();
                System.out.println("deleteRecords before offset " + before + " of " + balances
                        + ", refused: " + refusal.getClass().getSimpleName());
                Cluster.printIndented(refusal.getMessage());
            }
        }
    }
}
