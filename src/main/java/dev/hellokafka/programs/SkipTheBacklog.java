package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Moves the consumer group shipping past its backlog: in each partition of parcels, to the
 * first record stamped from now on, which is the end of the partition while there is none. Only
 * while the group has no members.
 */
public final class SkipTheBacklog {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        long now = System.currentTimeMillis();
        List<TopicPartition> partitions =
                List.of(new TopicPartition("parcels", 0), new TopicPartition("parcels", 1));
        try (Admin admin = Admin.create(adminProps)) {
            Map<TopicPartition, OffsetSpec> atTime = new HashMap<>();
            Map<TopicPartition, OffsetSpec> atEnd = new HashMap<>();
            for (TopicPartition partition : partitions) {
                atTime.put(partition, OffsetSpec.forTimestamp(now)); // compared with CreateTime
                atEnd.put(partition, OffsetSpec.latest());
            }
            Map<TopicPartition, ListOffsetsResultInfo> found =
                    admin.listOffsets(atTime).all().get();
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(atEnd).all().get();

            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                long offset = found.get(partition).offset(); // -1: no record stamped that late
                long start = offset >= 0 ? offset : ends.get(partition).offset();
                offsets.put(partition, new OffsetAndMetadata(start)); // which refuses -1
                System.out.println(partition + ": the first record stamped from now on: "
                        + (offset >= 0 ? "offset " + offset : "none (" + offset + ")")
                        + "; the group starts at offset " + start);
            }
            admin.alterConsumerGroupOffsets("shipping", offsets).all().get(); // if it is empty
        }
    }
}
