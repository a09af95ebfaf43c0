package dev.hellokafka.harness;

/**
 * No broker for this run, for a reason the message gives in one line with what to do about it. Carries no
 * stack trace: the reason is about the run's settings or the machine, not about the code.
 */
public final class BrokerUnavailableException extends RuntimeException {

    public BrokerUnavailableException(String message) {
        super(message, null, false, false);
    }
}
