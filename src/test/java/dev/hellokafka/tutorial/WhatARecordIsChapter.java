package dev.hellokafka.tutorial;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hellokafka.harness.Broker;
import dev.hellokafka.harness.Poll;
import dev.hellokafka.harness.ProgramRun;
import dev.hellokafka.harness.Recorder;
import dev.hellokafka.harness.TutorialExtension;
import dev.hellokafka.programs.InspectTheRecords;
import dev.hellokafka.programs.SendFromTheFuture;
import dev.hellokafka.programs.SendTheGreeting;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TutorialExtension.class)
class WhatARecordIsChapter {

    /** New Year 2020, as epoch milliseconds: the creation time SendTheGreeting gives its record. */
    private static final long NEW_YEAR_2020 = 1_577_836_800_000L;

    private static final String CREATE_TIME = "records-create-time";
    private static final String LOG_APPEND_TIME = "records-log-append-time";

    /** A record as InspectTheRecords prints it. */
    private static final Pattern INSPECTED = Pattern.compile("(?m)^(records-[a-z-]+), offset (\\d+):\\n"
            + "  key: +(.*)\\n"
            + "  value: +(.*)\\n"
            + "  headers: +(.*)\\n"
            + "  timestamp: (\\d+) = (\\S+) \\((\\w+)\\)$");

    /** Where SendTheGreeting says a record landed. */
    private static final Pattern SENT =
            Pattern.compile("(?m)^(records-[a-z-]+) +-> partition (\\d+), offset (\\d+), timestamp (\\d+)$");

    private final Broker broker;
    private final Recorder recorder;

    WhatARecordIsChapter(Broker broker, Recorder recorder) {
        this.broker = broker;
        this.recorder = recorder;
    }

    /** A record read back, as printed. */
    record Inspected(
            String topic, long offset, String key, String value, String headers, long timestamp, String type) {}

    @Test
    @Order(1)
    @DisplayName("a record carries a key, a value, a timestamp and headers; the topic decides whose timestamp")
    void aRecordsParts() throws Exception {
        long createTimeEnd = endOffset(CREATE_TIME);
        long logAppendTimeEnd = endOffset(LOG_APPEND_TIME);
        long beforeSending = System.currentTimeMillis();
        String sent = ProgramRun.run(SendTheGreeting.class, broker);

        ProgramRun inspector = ProgramRun.start(InspectTheRecords.class, broker);
        Poll.until("InspectTheRecords to print the two records just sent", () -> {
            List<Inspected> printed = inspected(inspector.printed());
            return find(printed, CREATE_TIME, createTimeEnd) != null
                    && find(printed, LOG_APPEND_TIME, logAppendTimeEnd) != null;
        });
        String read = inspector.stop();
        List<Inspected> records = inspected(read);
        Inspected keptAsSent = find(records, CREATE_TIME, createTimeEnd);
        Inspected stampedByBroker = find(records, LOG_APPEND_TIME, logAppendTimeEnd);

        for (Inspected record : records) {
            if (record.type().equals("LogAppendTime")) {
                recorder.registerRunValue(String.valueOf(record.timestamp()), "<timestamp>");
                recorder.registerRunValue(
                        Instant.ofEpochMilli(record.timestamp()).toString(), "<time>");
            }
        }
        recorder.output("sent", sent);
        recorder.output("read", read);

        assertEquals(
                new Inspected(
                        CREATE_TIME,
                        createTimeEnd,
                        "greeting-1",
                        "Hello, World!",
                        "sent-by=hello-kafka",
                        NEW_YEAR_2020,
                        "CreateTime"),
                keptAsSent,
                "with CreateTime the record comes back as sent, its four parts and the producer's timestamp");
        assertEquals("LogAppendTime", stampedByBroker.type(), read);
        assertNotEquals(NEW_YEAR_2020, stampedByBroker.timestamp(), "LogAppendTime replaces the timestamp");
        assertTrue(
                stampedByBroker.timestamp() >= beforeSending - 1_000,
                "with the broker's clock at the time of writing: " + read);
        assertEquals(
                Map.of(CREATE_TIME, NEW_YEAR_2020, LOG_APPEND_TIME, stampedByBroker.timestamp()),
                sentTimestamps(sent),
                "send()'s answer carries the timestamp the topic keeps");
    }

    @Test
    @Order(2)
    @DisplayName("a timestamp more than an hour ahead of the broker's clock is refused")
    void aTimestampFromTheFutureIsRefused() throws Exception {
        long before = System.currentTimeMillis();
        String printed = ProgramRun.run(SendFromTheFuture.class, broker);
        assertTrue(
                printed.startsWith("Refused: org.apache.kafka.common.errors.InvalidTimestampException"),
                "the broker refuses the record: " + printed);
        // The message names the record's timestamp, and the window the broker accepted from its own clock.
        Matcher refusal = Pattern.compile("Timestamp (\\d+) of message .* within \\[(-?\\d+), (\\d+)]")
                .matcher(Fixtures.messagesJoined(printed));
        assertTrue(refusal.find(), printed);
        long twoHoursAhead = Long.parseLong(refusal.group(1));
        long latest = Long.parseLong(refusal.group(3));
        long now = twoHoursAhead - Duration.ofHours(2).toMillis(); // the program's clock when it sent
        assertTrue(now >= before - 1_000, "the timestamp was two hours ahead of the clock: " + printed);
        assertTrue(
                Math.abs(latest - now - Duration.ofHours(1).toMillis()) < 60_000,
                "the latest timestamp accepted is the broker's clock plus one hour, was " + (latest - now)
                        + " ms ahead");
        recorder.registerRunValue(refusal.group(1), "<now + 2 h>");
        recorder.registerRunValue(refusal.group(3), "<now + 1 h>");
        recorder.registerRunValue(refusal.group(2), "<now - Long.MAX_VALUE ms>");
        recorder.output("from-the-future", printed);
    }

    private static List<Inspected> inspected(String printed) {
        List<Inspected> records = new ArrayList<>();
        Matcher m = INSPECTED.matcher(printed);
        while (m.find()) {
            records.add(new Inspected(
                    m.group(1),
                    Long.parseLong(m.group(2)),
                    m.group(3),
                    m.group(4),
                    m.group(5),
                    Long.parseLong(m.group(6)),
                    m.group(8)));
        }
        return records;
    }

    private static Inspected find(List<Inspected> records, String topic, long offset) {
        return records.stream()
                .filter(r -> r.topic().equals(topic) && r.offset() == offset)
                .findFirst()
                .orElse(null);
    }

    private static Map<String, Long> sentTimestamps(String printed) {
        Map<String, Long> timestamps = new HashMap<>();
        Matcher m = SENT.matcher(printed);
        while (m.find()) {
            timestamps.put(m.group(1), Long.parseLong(m.group(4)));
        }
        return timestamps;
    }

    /** The end offset of the topic's partition 0, or 0 when the topic does not exist yet. */
    private long endOffset(String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            if (!admin.listTopics().names().get().contains(topic)) {
                return 0;
            }
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
                    .all()
                    .get()
                    .get(partition)
                    .offset();
        }
    }
}
