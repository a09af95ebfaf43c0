package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WalkOrderTest {

    private static List<String> ordered(Map<String, Long> lastTimes, String... classes) throws ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        for (String name : classes) {
            types.add(Class.forName("dev.hellokafka." + name));
        }
        Collections.shuffle(types, new Random(20));
        types.sort(WalkOrder.order(lastTimes));
        return types.stream().map(Class::getSimpleName).toList();
    }

    @Test
    void coreStepsThenChaptersOnABrokerOfTheirOwnThenUnitTestsThenTheOtherChaptersByName() throws Exception {
        assertEquals(
                List.of(
                        "Step01StartTheBroker",
                        "Step06ConsumeTheRecords",
                        "Step18Security",
                        "Step23ReplicationAndFailover",
                        "NormalizerTest",
                        "Step08WhatARecordIs",
                        "Step21ShareGroups"),
                ordered(
                        Map.of(),
                        "tutorial.Step21ShareGroups",
                        "tutorial.Step08WhatARecordIs",
                        "harness.NormalizerTest",
                        "tutorial.Step23ReplicationAndFailover",
                        "tutorial.Step18Security",
                        "tutorial.Step06ConsumeTheRecords",
                        "tutorial.Step01StartTheBroker"));
    }

    @Test
    void theOtherChaptersStartLongestFirstAsTheLastWalkTimedThem() throws Exception {
        assertEquals(
                List.of(
                        "Step01StartTheBroker",
                        "Step02CreateTheTopic",
                        "Step21ShareGroups",
                        "Step08WhatARecordIs",
                        "Step09KeysAndPartitions"),
                ordered(
                        Map.of(
                                "Step01StartTheBroker",
                                900L,
                                "Step02CreateTheTopic",
                                100L,
                                "Step08WhatARecordIs",
                                1500L,
                                "Step21ShareGroups",
                                11000L),
                        "tutorial.Step09KeysAndPartitions",
                        "tutorial.Step08WhatARecordIs",
                        "tutorial.Step21ShareGroups",
                        "tutorial.Step02CreateTheTopic",
                        "tutorial.Step01StartTheBroker"));
    }

    @Test
    void aStepRunAloneKeepsTheTimesOfTheOthers(@TempDir Path target) {
        WalkPlan.storeTimes(
                target,
                Map.of(
                        "Step21ShareGroups",
                        Duration.ofMillis(18_000),
                        "Step08WhatARecordIs",
                        Duration.ofMillis(4_000)));
        WalkPlan.storeTimes(target, Map.of("Step23ReplicationAndFailover", Duration.ofMillis(22_000)));
        assertEquals(
                Map.of(
                        "Step21ShareGroups",
                        18_000L,
                        "Step08WhatARecordIs",
                        4_000L,
                        "Step23ReplicationAndFailover",
                        22_000L),
                WalkPlan.lastTimes(target));
    }
}
