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
        List<String> chapters = List.of( // in the order of the chapters
                "start-the-broker",
                "create-the-topic",
                "consume",
                "what-a-record-is",
                "keys-and-partitions",
                "security",
                "share-groups",
                "replication-and-failover");
        types.sort(WalkOrder.order(lastTimes, type -> chapters.indexOf(Chapters.nameOf(type))));
        return types.stream().map(Class::getSimpleName).toList();
    }

    @Test
    void coreStepsThenChaptersOnABrokerOfTheirOwnThenUnitTestsThenTheOtherChaptersInTheirOrder() throws Exception {
        assertEquals(
                List.of(
                        "StartTheBrokerChapter",
                        "ConsumeChapter",
                        "SecurityChapter",
                        "ReplicationAndFailoverChapter",
                        "NormalizerTest",
                        "WhatARecordIsChapter",
                        "ShareGroupsChapter"),
                ordered(
                        Map.of(),
                        "tutorial.ShareGroupsChapter",
                        "tutorial.WhatARecordIsChapter",
                        "harness.NormalizerTest",
                        "tutorial.ReplicationAndFailoverChapter",
                        "tutorial.SecurityChapter",
                        "tutorial.ConsumeChapter",
                        "tutorial.StartTheBrokerChapter"));
    }

    @Test
    void theOtherChaptersStartLongestFirstAsTheLastWalkTimedThem() throws Exception {
        assertEquals(
                List.of(
                        "StartTheBrokerChapter",
                        "CreateTheTopicChapter",
                        "ShareGroupsChapter",
                        "WhatARecordIsChapter",
                        "KeysAndPartitionsChapter"),
                ordered(
                        Map.of(
                                "start-the-broker",
                                900L,
                                "create-the-topic",
                                100L,
                                "what-a-record-is",
                                1500L,
                                "share-groups",
                                11000L),
                        "tutorial.KeysAndPartitionsChapter",
                        "tutorial.WhatARecordIsChapter",
                        "tutorial.ShareGroupsChapter",
                        "tutorial.CreateTheTopicChapter",
                        "tutorial.StartTheBrokerChapter"));
    }

    @Test
    void aStepRunAloneKeepsTheTimesOfTheOthers(@TempDir Path target) {
        WalkPlan.storeTimes(
                target,
                Map.of("share-groups", Duration.ofMillis(18_000), "what-a-record-is", Duration.ofMillis(4_000)));
        WalkPlan.storeTimes(target, Map.of("replication-and-failover", Duration.ofMillis(22_000)));
        assertEquals(
                Map.of("share-groups", 18_000L, "what-a-record-is", 4_000L, "replication-and-failover", 22_000L),
                WalkPlan.lastTimes(target));
    }
}
