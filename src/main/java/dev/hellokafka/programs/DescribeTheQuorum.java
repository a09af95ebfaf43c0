package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.QuorumInfo;

import java.util.Collection;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The cluster's metadata quorum: the controllers that vote, the brokers that follow the metadata
 * log as observers, and which voter leads.
 */
public final class DescribeTheQuorum {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            System.out.println("voters (controllers):  " + ids(quorum.voters()));
            System.out.println("observers (brokers):   " + ids(quorum.observers()));
            System.out.println("leader:                " + quorum.leaderId());
        }
    }

    private static String ids(Collection<QuorumInfo.ReplicaState> replicas) {
        return replicas.stream()
                .map(r -> String.valueOf(r.replicaId()))
                .sorted()
                .collect(Collectors.joining(", "));
    }
}
