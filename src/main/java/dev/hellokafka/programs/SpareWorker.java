package dev.hellokafka.programs;

import org.apache.kafka.clients.consumer.AcknowledgeType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaShareConsumer;
import org.apache.kafka.clients.consumer.ShareConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * A second worker of the share group slow-workers, which StuckWorker set up: it does every job of
 * tricky-jobs it is given, and prints each with its delivery count, until Ctrl-C.
 */
public final class SpareWorker {

    public static void main(String[] args) throws Exception {
        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        shareProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, "slow-workers");
        shareProps.put(ConsumerConfig.SHARE_ACKNOWLEDGEMENT_MODE_CONFIG, "explicit");
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps);
        Cluster.stopOnCtrlC(worker::wakeup);
        try {
            worker.subscribe(List.of("tricky-jobs"));
            System.out.println("Taking jobs from tricky-jobs in the share group slow-workers."
                    + " Ctrl-C stops.");
            while (true) {
                ConsumerRecords<String, String> jobs = worker.poll(Duration.ofSeconds(1));
                for (ConsumerRecord<String, String> job : jobs) {
                    System.out.printf(
                            "offset %d: %s, delivery %d, locked for %d ms -> done%n",
                            job.offset(),
                            job.value(),
                            job.deliveryCount().orElseThrow(),
                            worker.acquisitionLockTimeoutMs().orElseThrow());
                    worker.acknowledge(job, AcknowledgeType.ACCEPT);
                }
                worker.commitSync();
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            worker.close();
        }
    }
}
