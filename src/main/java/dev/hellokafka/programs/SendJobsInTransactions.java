package dev.hellokafka.programs;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Properties;
import java.util.concurrent.Future;

/**
 * Three jobs sent to the topic transactional-jobs, each in a transaction of its own: job-1 and
 * job-3 are committed, the second, "job-2 (aborted)", is aborted.
 */
public final class SendJobsInTransactions {

    public static void main(String[] args) throws Exception {
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        adminProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        Cluster.createTopic(adminProps, new NewTopic("transactional-jobs", 1, (short) 1));

        Properties producerProps = new Properties();
        producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Cluster.bootstrapServers(args));
        producerProps.putAll(Cluster.settings(args)); // TLS and logins, if needed
        producerProps.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "jobs-writer");
        producerProps.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        producerProps.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);

        try (Producer<String, String> producer = new KafkaProducer<>(producerProps)) {
            producer.initTransactions();
            for (String job : new String[] {"job-1", "job-2 (aborted)", "job-3"}) {
                producer.beginTransaction();
                Future<RecordMetadata> sent =
                        producer.send(new ProducerRecord<>("transactional-jobs", job));
                producer.flush();
                if (job.endsWith("(aborted)")) {
                    producer.abortTransaction();
                } else {
                    producer.commitTransaction();
                }
                System.out.println("offset " + sent.get().offset() + ": " + job + ", "
                        + (job.endsWith("(aborted)") ? "aborted" : "committed"));
            }
        }
    }
}
