package dev.hellokafka.broker;

/** The embedded broker could not start; the message says why in one line. */
public final class BrokerStartException extends RuntimeException {

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
