package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * The two groups that read events, as the brokers see them: each group's type (its protocol), its
 * state, how many partitions each member holds, and the assignor that shared them out.
 */
public final class DescribeTheGroups {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            Map<String, KafkaFuture<ConsumerGroupDescription>> groups =
                    admin.describeConsumerGroups(List.of("events-classic", "events-consumer"))
                            .describedGroups();
            System.out.printf(
                    "%-16s %-9s %-7s %-22s %s%n",
                    "group", "type", "state", "partitions per member", "assignor");
            for (String name : List.of("events-classic", "events-consumer")) {
                ConsumerGroupDescription group;
                try {
                    group = groups.get(name).get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    }
                    System.out.printf("%-16s none yet: a group exists once a member joins%n", name);
                    continue;
                }
                List<Integer> partitions = group.members().stream()
                        .map(MemberDescription::assignment)
                        .map(assignment -> assignment.topicPartitions().size())
                        .sorted()
                        .toList();
                System.out.printf(
                        "%-16s %-9s %-7s %-22s %s%n",
                        name,
                        group.type(),
                        group.groupState(),
                        partitions,
                        group.partitionAssignor().isEmpty() ? "(none)" : group.partitionAssignor());
            }
        }
    }
}
