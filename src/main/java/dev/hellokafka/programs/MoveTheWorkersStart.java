package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Properties;

/**
 * Moves the start of the share group parcel-workers to offset 5 of each partition of parcels:
 * its next member is given the records from there on. Only while the group has no members.
 */
public final class MoveTheWorkersStart {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Map<TopicPartition, Long> startAt =
                Map.of(new TopicPartition("parcels", 0), 5L, new TopicPartition("parcels", 1), 5L);
        try (Admin admin = Admin.create(adminProps)) {
            admin.alterShareGroupOffsets("parcel-workers", startAt).all().get();
        }
        System.out.println("parcel-workers starts again at offset 5 of parcels-0 and parcels-1.");
    }
}
