package dev.hellokafka.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * One of the post's six steps (start, create, list, describe, produce, consume): they run first, one after
 * another in the walk's own thread, because each builds on the one before. Every other chapter waits for them
 * (unless it has a broker of its own, {@link OwnBroker}), then runs beside the others (junit-platform.properties),
 * each on topics and groups of its own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.SAME_THREAD)
public @interface CoreStep {}
