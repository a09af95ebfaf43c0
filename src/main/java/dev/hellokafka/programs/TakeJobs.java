package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
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
 * A worker of the share group job-workers: it takes jobs from the topic jobs, two at a time, and
 * prints each, until Ctrl-C. Start several side by side: they share the topic's one partition.
 */
public final class TakeJobs {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("jobs", 1, (short) 1)); // one partition
        try (Admin admin = Admin.create(adminProps)) {
            // A share group's settings are group configs, which the broker keeps. A new share group
            // starts at the end of the topic; this one starts at its first record.
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "job-workers");
            List<AlterConfigOp> configs = List.of(set("share.auto.offset.reset", "earliest"));
            admin.incrementalAlterConfigs(Map.of(group, configs)).all().get();
        }

        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        shareProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, "job-workers"); // the share group
        // At most max.poll.records jobs per poll, and 2 of them: so that the jobs spread.
        shareProps.put(ConsumerConfig.SHARE_ACQUIRE_MODE_CONFIG, "record_limit");
        shareProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2);
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps);
        Cluster.stopOnCtrlC(worker::wakeup);
        try {
            worker.subscribe(List.of("jobs"));
            System.out.println(
                    "Taking jobs from jobs in the share group job-workers. Ctrl-C stops.");
            while (true) {
                // Each poll accepts the jobs the poll before it returned: they are done.
                for (ConsumerRecord<String, String> job : worker.poll(Duration.ofSeconds(1))) {
                    System.out.printf("offset %d: %s%n", job.offset(), job.value());
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            worker.close(); // accepts the jobs of the last poll, and leaves the group
        }
    }

    /** Sets a config to a value, as kafka-configs.sh --alter --add-config name=value does. */
    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
