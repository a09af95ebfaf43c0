package dev.hellokafka.tutorial;

import org.junit.platform.suite.api.IncludeClassNamePatterns;
import org.junit.platform.suite.api.SelectPackages;
import org.junit.platform.suite.api.Suite;
import org.junit.platform.suite.api.SuiteDisplayName;

/**
 * The whole tutorial: every step of this package, the core steps in order, then the chapters side by side; what
 * they record is saved for the pages when the walk ends (harness.WalkPlan). The broker's, the harness's and the
 * benchmark's own tests run in it too, beside the core steps, which leave a core idle while they wait for the
 * broker; {@code -Dtest=NormalizerTest} runs one alone.
 */
@Suite
@SuiteDisplayName("Hello, Kafka: the walk")
@SelectPackages({
    "dev.hellokafka.tutorial",
    "dev.hellokafka.harness",
    "dev.hellokafka.broker",
    "dev.hellokafka.benchmark"
})
@IncludeClassNamePatterns({
    "dev\\.hellokafka\\.tutorial\\.\\w+Chapter",
    "dev\\.hellokafka\\.(harness|broker|benchmark)\\.\\w+Test"
})
public class TutorialWalk {}
