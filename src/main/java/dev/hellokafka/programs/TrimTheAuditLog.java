package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;
import java.util.Properties;

/** Deletes the records of the topic audit-log but its last six, with deleteRecords. */
public final class TrimTheAuditLog {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        TopicPartition auditLog = new TopicPartition("audit-log", 0);
        try (Admin admin = Admin.create(adminProps)) {
            long end = admin.listOffsets(Map.of(auditLog, OffsetSpec.latest()))
                    .partitionResult(auditLog)
                    .get()
                    .offset();
            long before = Math.max(0, end - 6);
            long logStart = admin.deleteRecords(
                            Map.of(auditLog, RecordsToDelete.beforeOffset(before)))
                    .lowWatermarks()
                    .get(auditLog)
                    .get()
                    .lowWatermark(); // the partition's new log start offset
            System.out.println("Deleted the records of " + auditLog + " before offset " + before
                    + ": its log start offset is " + logStart + ".");
        }
    }
}
