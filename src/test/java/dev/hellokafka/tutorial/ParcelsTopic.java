package dev.hellokafka.tutorial;

import static dev.hellokafka.harness.KafkaTool.run;

import dev.hellokafka.broker.EmbeddedKafkaBroker;
import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.KafkaTool;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.programs.ProcessParcels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the three chapters on the topic parcels check with (running a group, moving its offsets, partitions that
 * move): the topic, its groups' offsets, what the programs printed. The later two run on a broker of their own
 * ({@link #broker(EmbeddedKafkaBroker)}), so that what they find does not depend on which chapter the walk ran
 * first: they send the parcels the earlier chapters left behind themselves.
 */
final class ParcelsTopic {

    static final String TOPIC = "parcels";
    static final List<TopicPartition> PARTITIONS = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
    /** A line of the consumers: "partition 0, offset 3: parcel 8", maybe followed by more. */
    static final Pattern PARCEL = Pattern.compile("(?m)^partition (\\d+), offset (\\d+): parcel \\d+(.*)$");

    private ParcelsTopic() {}

    /**
     * What a reader's {@code ProcessParcels} does before it is stopped: processes every parcel there is, in the group
     * shipping, and commits it.
     */
    static void processEveryParcel(Broker broker) throws Exception {
        ProgramRun processor = ProgramRun.start(ProcessParcels.class, broker);
        processor.awaitPrinted("Ctrl-C stops.");
        Map<TopicPartition, Long> ends = ends(broker);
        Poll.until(
                "the group shipping to commit every parcel",
                () -> committed(broker, "shipping").equals(ends));
        processor.stop();
    }

    /** A Kafka tool run against the broker, as a reader types it: {@code --bootstrap-server} first. */
    static KafkaTool.Result tool(Broker broker, String script, KafkaTool.Main main, String... args) throws Exception {
        String[] withBootstrap = new String[args.length + 2];
        withBootstrap[0] = "--bootstrap-server";
        withBootstrap[1] = broker.bootstrapServers();
        System.arraycopy(args, 0, withBootstrap, 2, args.length);
        return run(broker, script, main, "", withBootstrap);
    }

    /** Per partition, the offset after the last parcel the program printed. */
    static Map<TopicPartition, Long> processedUpTo(String printed) {
        Map<TopicPartition, Long> upTo = new HashMap<>();
        Matcher m = PARCEL.matcher(printed);
        while (m.find()) {
            upTo.merge(
                    new TopicPartition(TOPIC, Integer.parseInt(m.group(1))), Long.parseLong(m.group(2)) + 1, Math::max);
        }
        return upTo;
    }

    /** The parcels the program printed, each as "partition/offset". */
    static List<String> parcels(String printed) {
        List<String> parcels = new ArrayList<>();
        Matcher m = PARCEL.matcher(printed);
        while (m.find()) {
            parcels.add(m.group(1) + "/" + m.group(2));
        }
        return parcels;
    }

    static Map<TopicPartition, Long> ends(Broker broker) throws Exception {
        return offsets(broker, OffsetSpec.latest());
    }

    static Map<TopicPartition, Long> offsets(Broker broker, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        PARTITIONS.forEach(p -> request.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.listOffsets(request).all().get().forEach((p, info) -> offsets.put(p, info.offset()));
        }
        return offsets;
    }

    static Map<TopicPartition, Long> committed(Broker broker, String group) throws Exception {
        Map<TopicPartition, Long> committed = new HashMap<>();
        try (Admin admin = Admin.create(broker.clientProperties())) {
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((p, o) -> {
                        if (o != null) {
                            committed.put(p, o.offset());
                        }
                    });
        }
        return committed;
    }

    static int consumerGroupMembers(Broker broker, String group) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            return admin.describeConsumerGroups(List.of(group))
                    .describedGroups()
                    .get(group)
                    .get()
                    .members()
                    .size();
        }
    }
}
