package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * A worker of the share group slow-workers that takes the jobs of tricky-jobs and then hangs: it
 * neither acknowledges them nor polls again, until Ctrl-C. The group locks a job for 2 s, which a
 * broker allows only if its group.share.min.record.lock.duration.ms is 2 s or less.
 */
public final class StuckWorker {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "slow-workers");
            List<AlterConfigOp> configs = List.of(
                    set("share.auto.offset.reset", "earliest"),
                    set("share.record.lock.duration.ms", "2000")); // short, for the lesson
            try {
                admin.incrementalAlterConfigs(Map.of(group, configs)).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof InvalidConfigurationException)) {
                    throw e;
                }
                // Kafka's default group.share.min.record.lock.duration.ms is 15 s; the tutorial's
                // broker allows 1 s.
                System.out.println("The broker refused a lock of 2 s for slow-workers:");
                Cluster.printIndented(e.getCause().getMessage());
                return;
            }
        }

        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        shareProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, "slow-workers");
        shareProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps);
        CountDownLatch ctrlC = new CountDownLatch(1);
        Thread program = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ctrlC.countDown(); // ends the hang
            worker.wakeup(); // ends a poll
            try {
                program.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            worker.subscribe(List.of("tricky-jobs"));
            System.out.println("Taking jobs from tricky-jobs in the share group slow-workers."
                    + " Ctrl-C stops.");
            ConsumerRecords<String, String> jobs = ConsumerRecords.empty();
            while (jobs.isEmpty()) {
                jobs = worker.poll(Duration.ofSeconds(1));
            }
            System.out.println("Took " + jobs.count() + " jobs, locked for this worker for "
                    + worker.acquisitionLockTimeoutMs().orElseThrow() + " ms:");
            for (ConsumerRecord<String, String> job : jobs) {
                System.out.printf(
                        "offset %d: %s, delivery %d%n",
                        job.offset(), job.value(), job.deliveryCount().orElseThrow());
            }
            System.out.println("Stuck: no acknowledgement, no poll, until Ctrl-C.");
            ctrlC.await();
            System.out.println("Stopped.");
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
