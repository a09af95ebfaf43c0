package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A worker of the share group forgetful-workers that promises to acknowledge each job of
 * tricky-jobs (explicit mode) and acknowledges none: its next poll is refused, and it ends.
 */
public final class ForgetToAcknowledge {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            ConfigResource group =
                    new ConfigResource(ConfigResource.Type.GROUP, "forgetful-workers");
            List<AlterConfigOp> configs = List.of(set("share.auto.offset.reset", "earliest"));
            admin.incrementalAlterConfigs(Map.of(group, configs)).all().get();
        }

        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        shareProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, "forgetful-workers");
        shareProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps);
        Cluster.stopOnCtrlC(worker::wakeup);
        try {
            worker.subscribe(List.of("tricky-jobs"));
            System.out.println("Taking jobs from tricky-jobs in the share group forgetful-workers."
                    + " Ctrl-C stops.");
            while (true) {
                for (ConsumerRecord<String, String> job : worker.poll(Duration.ofSeconds(1))) {
                    System.out.printf(
                            "offset %d: %s (not acknowledged)%n", job.offset(), job.value());
                }
            }
        } catch (IllegalStateException e) {
            System.out.println("The next poll was refused: " + e.getClass().getName());
            Cluster.printIndented(e.getMessage());
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
