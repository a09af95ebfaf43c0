package dev.hellokafka.harness;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * Waiting for Kafka in a step's hidden code: checks a condition at once, then every 100 ms until it holds, in
 * the calling thread (a Kafka client belongs to the thread that uses it), and fails after the bound naming what
 * did not happen. Shown code never calls this: a page waits with a plain loop and a deadline.
 */
public final class Poll {

    /** Long enough for anything a step waits for on a loaded machine; a step that waits longer says so. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private Poll() {}

    /** Polls until the condition holds, for at most {@link #PATIENCE}. */
    public static void until(String what, Callable<Boolean> condition) {
        until(what, PATIENCE, condition);
    }

    /** Polls until the condition holds, for at most {@code atMost}; {@code what} names it in the failure. */
    public static void until(String what, Duration atMost, Callable<Boolean> condition) {
        Awaitility.await(what)
                .pollInSameThread()
                .pollDelay(Duration.ZERO) // a condition that already holds costs no wait
                .atMost(atMost)
                .until(condition);
    }
}
