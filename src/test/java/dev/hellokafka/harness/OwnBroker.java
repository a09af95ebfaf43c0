package dev.hellokafka.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A chapter that runs on a broker or cluster other than the walk's (one of its own, or one it shares with chapters
 * that use other topics, such as {@link Walk#replayBroker()}), and needs nothing the {@link CoreStep}s make: it does
 * not wait for them, but starts beside them (they leave a core idle while they wait for the broker), and before the
 * other chapters ({@link WalkOrder}). The console still tells it in chapter order.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface OwnBroker {}
