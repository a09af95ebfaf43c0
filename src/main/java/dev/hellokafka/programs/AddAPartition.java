package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Gives the topic customers a third partition, unless it has three already, and returns once the
 * new partition's leader takes writes.
 */
public final class AddAPartition {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            int partitions = admin.describeTopics(List.of("customers"))
                    .allTopicNames()
                    .get()
                    .get("customers")
                    .partitions()
                    .size();
            if (partitions >= 3) {
                System.out.println("customers has " + partitions + " partitions already.");
                return;
            }
            admin.createPartitions(Map.of("customers", NewPartitions.increaseTo(3)))
                    .all()
                    .get();
            // As Cluster.createTopic does for a new topic: the new partition's leader answers
            // listOffsets once it leads the partition, and takes writes from then on.
            TopicPartition third = new TopicPartition("customers", 2);
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    admin.listOffsets(Map.of(third, OffsetSpec.latest())).all().get();
                    break;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw e;
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new IllegalStateException("partition 2 took no writes in 30 s");
                    }
                }
            }
            System.out.println("customers had " + partitions + " partitions, and has 3 now.");
        }
    }
}
