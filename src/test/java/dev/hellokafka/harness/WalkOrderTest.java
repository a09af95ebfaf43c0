package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WalkOrderTest {

    private static final List<String> SOME_STEPS = List.of(
            "Step01StartTheBroker",
            "Step02CreateTheTopic",
            "Step06ConsumeTheRecords",
            "Step18Security",
            "Step23ReplicationAndFailover",
            "Step08WhatARecordIs",
            "Step21ShareGroups");

    @Test
    void coreStepsFirstThenChaptersOnABrokerOfTheirOwnThenTheRest() throws ClassNotFoundException {
        List<Class<?>> steps = new ArrayList<>();
        for (String step : SOME_STEPS) {
            steps.add(Class.forName("dev.hellokafka.tutorial." + step));
        }
        Collections.shuffle(steps, new Random(20));

        steps.sort(WalkOrder.STEPS);

        assertEquals(SOME_STEPS, steps.stream().map(Class::getSimpleName).toList());
    }
}
