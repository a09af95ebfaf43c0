package dev.hellokafka.tutorial;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Docs;
import dev.hellokafka.harness.Tutorial;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@DisplayName("Step 10 · Publish/subscribe and queues")
@ExtendWith(Tutorial.class)
class Step10PublishSubscribeAndQueues {

    private static final String TOPIC = "orders";
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    /** Marks this run's records, so that records of earlier runs on the same cluster are not counted. */
    private final String run = UUID.randomUUID().toString();

    private final Broker broker;
    private final Docs docs;

    Step10PublishSubscribeAndQueues(Broker broker, Docs docs) {
        this.broker = broker;
        this.docs = docs;
    }

    @BeforeAll
    static void createTheTopic(Broker broker) throws Exception {
        Setup.createTopicsIfAbsent(broker, new NewTopic(TOPIC, 2, (short) 1));
    }

    @Test
    @Order(1)
    @DisplayName("two groups each receive every record")
    void everyGroupGetsEverything() throws Exception {
        Set<String> sent = send(6);
        // tag::two-groups[]
        Properties billing = consumerProps("billing-" + UUID.randomUUID());
        Properties shipping = consumerProps("shipping-" + UUID.randomUUID());
        try (Consumer<String, String> billingConsumer = new KafkaConsumer<>(billing);
                Consumer<String, String> shippingConsumer = new KafkaConsumer<>(shipping)) {
            billingConsumer.subscribe(List.of("orders"));
            shippingConsumer.subscribe(List.of("orders"));
            // end::two-groups[]
            Set<String> billed = new HashSet<>();
            Set<String> shipped = new HashSet<>();
            await("both groups to read this run's records")
                    .pollInSameThread()
                    .atMost(PATIENCE)
                    .until(() -> {
                        billingConsumer.poll(Duration.ofMillis(100)).forEach(r -> billed.add(r.value()));
                        shippingConsumer.poll(Duration.ofMillis(100)).forEach(r -> shipped.add(r.value()));
                        return billed.containsAll(sent) && shipped.containsAll(sent);
                    });
            docs.output(
                    "two-groups",
                    String.join(
                            "\n",
                            "records sent:                 " + sent.size(),
                            "read by the billing group:    " + mine(billed).size(),
                            "read by the shipping group:   " + mine(shipped).size()));
            assertEquals(sent, mine(billed), "the billing group gets every record");
            assertEquals(sent, mine(shipped), "and so does the shipping group, independently");
            // tag::two-groups[]
        }
        // end::two-groups[]
    }

    @Test
    @Order(2)
    @DisplayName("two consumers of one group share the partitions, and one takes over when the other leaves")
    void oneGroupSharesTheWork() throws Exception {
        Set<String> sent = send(6);
        Set<String> processed = new HashSet<>();
        String group = "warehouse-" + UUID.randomUUID();
        // tag::one-group[]
        try (Consumer<String, String> first = new KafkaConsumer<>(consumerProps(group));
                Consumer<String, String> second = new KafkaConsumer<>(consumerProps(group))) {
            first.subscribe(List.of("orders"));
            second.subscribe(List.of("orders"));
            // end::one-group[]
            await("the group to give each member one partition")
                    .pollInSameThread()
                    .atMost(PATIENCE)
                    .until(() -> {
                        first.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
                        second.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
                        return first.assignment().size() == 1
                                && second.assignment().size() == 1;
                    });
            String shared = "first consumer:  " + first.assignment().size() + " partition\n"
                    + "second consumer: " + second.assignment().size() + " partition\n"
                    + "partitions in common: " + intersection(first, second);

            // tag::one-group[]
            first.close(); // the first consumer leaves the group; its partitions go to the second
            // end::one-group[]
            await("the second consumer to take over both partitions")
                    .pollInSameThread()
                    .atMost(PATIENCE)
                    .until(() -> {
                        second.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
                        return second.assignment().size() == 2;
                    });
            Set<String> sentAfter = send(4);
            await("the second consumer to read every record")
                    .pollInSameThread()
                    .atMost(PATIENCE)
                    .until(() -> {
                        second.poll(Duration.ofMillis(100)).forEach(r -> processed.add(r.value()));
                        return processed.containsAll(sent) && processed.containsAll(sentAfter);
                    });
            docs.output(
                    "one-group",
                    shared + "\n"
                            + "after the first consumer left, the second has: "
                            + second.assignment().size() + " partitions\n"
                            + "records sent: " + (sent.size() + sentAfter.size()) + ", processed by the group: "
                            + mine(processed).size());

            Set<String> all = new HashSet<>(sent);
            all.addAll(sentAfter);
            assertEquals(all, mine(processed), "nothing is skipped across the rebalance");
            // tag::one-group[]
        }
        // end::one-group[]
    }

    private Properties consumerProps(String group) {
        // tag::consumer[]
        Properties props = new Properties();
        // end::consumer[]
        props.putAll(broker.clientProperties());
        // tag::consumer[]
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        // end::consumer[]
        // Members learn of a rebalance with their next heartbeat: every 500 ms here, instead of every 3 s.
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        return props;
    }

    /** Sends records with keys spread over both partitions; returns their values. */
    private Set<String> send(int count) throws Exception {
        Set<String> values = new HashSet<>();
        try (Producer<String, String> producer = new KafkaProducer<>(Setup.stringProducerProps(broker))) {
            for (int i = 0; i < count; i++) {
                String value = run + " order " + UUID.randomUUID();
                producer.send(new ProducerRecord<>(TOPIC, "order-" + i, value));
                values.add(value);
            }
            producer.flush();
        }
        return values;
    }

    private Set<String> mine(Set<String> values) {
        Set<String> mine = new HashSet<>(values);
        mine.removeIf(v -> !v.startsWith(run));
        return mine;
    }

    private static int intersection(Consumer<?, ?> a, Consumer<?, ?> b) {
        Set<Object> common = new HashSet<>(a.assignment());
        common.retainAll(b.assignment());
        return common.size();
    }
}
