package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.clients.admin.QuorumInfo;
import org.apache.kafka.common.Node;

import java.util.Map;
import java.util.Properties;

/**
 * Is the broker up? Asks it: the cluster's id, its brokers, the controllers of its metadata quorum,
 * and the versions of the cluster's metadata and quorum.
 */
public final class DescribeTheCluster {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            DescribeClusterResult cluster = admin.describeCluster();
            QuorumInfo quorum = admin.describeMetadataQuorum().quorumInfo().get();
            Map<String, FinalizedVersionRange> features =
                    admin.describeFeatures().featureMetadata().get().finalizedFeatures();

            System.out.println("cluster id:        " + cluster.clusterId().get());
            for (Node broker : cluster.nodes().get()) {
                System.out.println("broker:            node " + broker.id() + " at " + broker.host()
                        + ":" + broker.port());
            }
            for (QuorumInfo.ReplicaState voter : quorum.voters()) {
                QuorumInfo.Node controller = quorum.nodes().get(voter.replicaId());
                for (var endpoint : controller.endpoints()) {
                    System.out.println("controller:        node " + voter.replicaId() + " at "
                            + endpoint.host() + ":" + endpoint.port()
                            + (voter.replicaId() == quorum.leaderId() ? ", the leader" : ""));
                }
            }
            System.out.println("metadata.version:  level "
                    + features.get("metadata.version").maxVersionLevel());
            // A static quorum (controller.quorum.voters) finalizes no kraft.version: that is 0.
            FinalizedVersionRange kraft = features.get("kraft.version");
            System.out.println(
                    "kraft.version:     " + (kraft == null ? 0 : kraft.maxVersionLevel()));
        }
    }
}
