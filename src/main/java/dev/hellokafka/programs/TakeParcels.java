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
 * A worker of the share group parcel-workers, whose client id is worker-1: it takes the
 * parcels of the topic parcels and prints each, until Ctrl-C. A new group starts at the first
 * parcel.
 */
public final class TakeParcels {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        try (Admin admin = Admin.create(adminProps)) {
            ConfigResource group = new ConfigResource(ConfigResource.Type.GROUP, "parcel-workers");
            List<AlterConfigOp> configs = List.of(set("share.auto.offset.reset", "earliest"));
            admin.incrementalAlterConfigs(Map.of(group, configs)).all().get();
        }

        Properties shareProps = new Properties();
        shareProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        shareProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        shareProps.put(ConsumerConfig.GROUP_ID_CONFIG, "parcel-workers");
        shareProps.put(ConsumerConfig.CLIENT_ID_CONFIG, "worker-1"); // what the tools show
        shareProps.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        shareProps.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);

        ShareConsumer<String, String> worker = new KafkaShareConsumer<>(shareProps);
        Cluster.stopOnCtrlC(worker::wakeup);
        try {
            worker.subscribe(List.of("parcels"));
            System.out.println("Taking parcels in the share group parcel-workers. Ctrl-C stops.");
            while (true) { // each poll accepts what the poll before it returned
                for (ConsumerRecord<String, String> parcel : worker.poll(Duration.ofSeconds(1))) {
                    System.out.printf(
                            "partition %d, offset %d: %s, delivery %d%n",
                            parcel.partition(),
                            parcel.offset(),
                            parcel.value(),
                            parcel.deliveryCount().orElseThrow());
                }
            }
        } catch (WakeupException e) {
            System.out.println("Stopped.");
        } finally {
            worker.close(); // accepts what the last poll returned
        }
    }

    /** As in TakeJobs: sets a config to a value. */
    private static AlterConfigOp set(String name, String value) {
        return new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET);
    }
}
