package io.elmanstream.stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.elmanstream.config.AppConfig;
import io.elmanstream.model.Model;
import io.elmanstream.records.Event;
import io.elmanstream.testsupport.TestModels;
import io.elmanstream.testsupport.TopologyFixture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keys idle longer than the configured time lose their state; busy keys keep it; off by default. */
class IdleStateTest {
    @TempDir
    Path dir;

    @Test
    void idleKeysLoseTheirStateBusyKeysKeepIt() {
        Model xor = TestModels.xor(1, 1);
        AppConfig c = AppConfig.builder().dataDir(dir).idleStateMs(60_000L).build();
        try (TopologyFixture f = new TopologyFixture(dir, c)) {
            f.publish(xor);
            f.send("idle", new Event("xor", "1", null, false));
            f.send("busy", new Event("xor", "1", null, false));
            f.driver.advanceWallClockTime(Duration.ofSeconds(40));
            f.send("busy", new Event("xor", "0", null, false));
            f.driver.advanceWallClockTime(Duration.ofSeconds(40)); // idle: 80 s without events; busy: 40 s
            f.send("idle", new Event("xor", "0", null, false));
            f.send("busy", new Event("xor", "1", null, false));
            List<JsonNode> out = f.readPredictions();
            assertEquals(0, out.get(3).get("step").asLong(), "idle key starts over");
            assertEquals(2, out.get(4).get("step").asLong(), "busy key carries on");
        }
    }

    @Test
    void offByDefault() {
        try (TopologyFixture f = new TopologyFixture(dir)) {
            f.publish(TestModels.xor(1, 1));
            f.send("k", new Event("xor", "1", null, false));
            f.driver.advanceWallClockTime(Duration.ofDays(30));
            f.send("k", new Event("xor", "1", null, false));
            assertEquals(1, f.readPredictions().get(1).get("step").asLong());
        }
    }
}
