package dev.hellokafka.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A chapter that needs a feature the cluster turns on by a feature level in its metadata (what {@code
 * kafka-features.sh describe} lists as finalized). On the walk's broker without it, such as a stock broker of an
 * earlier Kafka 4 release, the chapter steps aside: it is skipped, with one line naming what it needs and what the
 * cluster has, instead of failing on an API the broker does not have. On a test, that test alone steps aside; a
 * release's own settings are told by {@code metadata.version} (level 30 is 4.3-IV0).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface NeedsFeature {

    /** The feature's name, e.g. {@code share.version}. */
    String name();

    /** The lowest finalized level that has what the chapter uses. */
    short level();

    /** What the feature gives, for the line the console prints: "share groups". */
    String gives();
}
