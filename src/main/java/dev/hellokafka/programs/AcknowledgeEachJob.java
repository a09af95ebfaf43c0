package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * A worker of the share group careful-workers that answers for each job of tricky-jobs itself:
 * job-1 is done (accept), job-2 fails every time (release: try again), job-3 can never be done
 * (reject). The group gives a job up after its third delivery. It runs until Ctrl-C.
 */
public final class AcknowledgeEachJob {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            // A share group's settings are group configs, which the broker keeps.
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "careful-workers");
            List<AlterConfigOp> configs = List.of(
                    set("share.auto.offset.reset", "earliest"), // from the first job on
                    set("share.delivery.count.limit", "3")); // give a job up after 3 deliveries
            try {
                admin.incrementalAlterConfigs(Map.of(group, configs)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof InvalidConfigurationException)) {
                    throw e;
                }
                // share.delivery.count.limit is a group config from Kafka 4.3 on; a broker of an
                // earlier release has only its own group.share.delivery.count.limit.
                System.out.println("The cluster refused the settings of careful-workers:");
                Cluster.printIndented(e.getCause().getMessage());
                return;
            }
        }

        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        shareProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, "careful-workers");
        shareProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit"); // each by us
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps);
        Cluster.stopOnCtrlC(worker::wakeup);
        try {
            worker.subscribe(List.of("tricky-jobs"));
            System.out.println("Taking jobs from tricky-jobs in the share group careful-workers."
                    + " Ctrl-C stops.");
            while (true) {
                for (ConsumerRecord<String, String> job : worker.poll(Duration.ofSeconds(1))) {
                    AcknowledgeType answer = switch (job.value()) {
                        case "job-2" -> AcknowledgeType.RELEASE; // it failed: try again
                        case "job-3" -> AcknowledgeType.REJECT; // it can never be done
                        default -> AcknowledgeType.ACCEPT; // done
                    };
                    worker.acknowledge(job, answer);
                    System.out.printf(
                            "offset %d: %s, delivery %d -> %s%n",
                            job.offset(), job.value(), job.deliveryCount().orElseThrow(), answer);
                }
                worker.commitSync(); // sends the answers now, rather than with the next poll
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            worker.close();
        }
    }

    /** As in TakeJobs: sets a config to a value. */
    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
