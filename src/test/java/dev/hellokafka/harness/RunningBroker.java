package dev.hellokafka.harness;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** A broker the walk can use, with what it takes to stop it again. */
record RunningBroker(
        BrokerMode mode,
        String description,
        String bootstrapServers,
        Map<String, Object> securitySettings,
        Runnable stopper)
        implements Broker, AutoCloseable {

    /** How long the first request may take before the cluster counts as unreachable. */
    static final Duration REACHABLE_WITHIN = Duration.ofSeconds(10);

    /** Asks the cluster for its id, within {@link #REACHABLE_WITHIN}; the id names it in the docs' normalizing. */
    String clusterId() {
        return clusterId(REACHABLE_WITHIN);
    }

    String clusterId(Duration within) {
        Properties config = clientProperties();
        int timeoutMs = (int) within.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            String reason = e instanceof ExecutionException ? " (" + BrokerMode.rootMessage(e) + ")" : "";
            throw new BrokerUnavailableException("no Kafka broker answered at " + bootstrapServers + " within "
                    + within.toSeconds() + " s" + reason
                    + ": check that it is running and that -Dkafka.bootstrap.servers points at it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException("interrupted while waiting for " + bootstrapServers);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new BrokerUnavailableException(
                    "cannot connect to " + bootstrapServers + ": " + BrokerMode.rootMessage(e));
        }
    }

    @Override
    public boolean isEmbedded() {
        return mode == BrokerMode.EMBEDDED;
    }

    @Override
    public boolean isNewForThisRun() {
        return mode != BrokerMode.EXTERNAL;
    }

    @Override
    public void close() {
        stopper.run();
    }
}
