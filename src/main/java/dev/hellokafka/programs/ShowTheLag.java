package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The lag of the consumer group shipping in each partition it has committed an offset for: the
 * partition's end offset minus the group's committed offset.
 */
public final class ShowTheLag {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                            "shipping")
                    .partitionsToOffsetAndMetadata()
                    .get();
            if (committed.isEmpty()) {
                System.out.println("The group shipping has committed no offset yet.");
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResultInfo> ends =
                    admin.listOffsets(latest).all().get();

            committed.keySet().stream()
                    .sorted(Comparator.comparing(TopicPartition::toString))
                    .forEach(partition -> {
                        long offset = committed.get(partition).offset();
                        long end = ends.get(partition).offset();
                        System.out.println(partition + ": committed offset " + offset
                                + ", end offset " + end + ", lag " + (end - offset));
                    });
        }
    }
}
