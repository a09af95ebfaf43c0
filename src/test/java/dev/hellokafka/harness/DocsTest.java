package dev.hellokafka.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DocsTest {

    @Test
    void escapesPlaceholdersOnlyOutsideCodeSpans() {
        assertEquals(
                "send to `topic-<uuid>` at localhost:&lt;port&gt;",
                Docs.escapeOutsideCode("send to `topic-<uuid>` at localhost:<port>"));
    }
}
