package io.elmanstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.elmanstream.testsupport.DebianTool;
import io.elmanstream.testsupport.OperatorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operators' files are what their tools accept: Prometheus' own checker on the rules and the
 * scrape config, the compose parser on docker-compose.yml (with its Prometheus service), and a
 * dashboard whose every panel queries Prometheus. (That every metric they name is exported:
 * StatusServerIT, against a running instance.)
 */
class OperatorFilesTest {
    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesAndTheScrapeConfig() throws Exception {
        String promtool = DebianTool.require("promtool", "prometheus");
        DebianTool.Result rules = DebianTool.run(List.of(promtool, "check", "rules", OperatorFiles.RULES.toString()), 60);
        assertEquals(0, rules.code(), rules.out());
        assertTrue(rules.out().contains("SUCCESS: 6 rules found"), rules.out());
        // the config names the rules where the compose file mounts them; checked here beside a copy that points at ours
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, Files.readString(OperatorFiles.SCRAPE_CONFIG).replace("/etc/prometheus/alerts.yml",
                OperatorFiles.RULES.toAbsolutePath().toString()));
        DebianTool.Result checked = DebianTool.run(List.of(promtool, "check", "config", config.toString()), 60);
        assertEquals(0, checked.code(), checked.out());
        assertTrue(checked.out().contains("SUCCESS: 1 rule files found"), checked.out());
    }

    @Test
    void theComposeFileIsValidAndRunsPrometheusBesideTheApp() throws Exception {
        DebianTool.Result r = DebianTool.run(List.of("sh", ".ci/check-compose.sh"), 900);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("docker-compose.yml: valid") && r.out().contains(" app ") && r.out().contains(" prometheus"), r.out());
    }

    @Test
    void everyDashboardPanelQueriesPrometheus() throws Exception {
        JsonNode d = new ObjectMapper().readTree(OperatorFiles.DASHBOARD.toFile());
        assertEquals("elman-stream", d.get("uid").asText());
        assertTrue(d.get("panels").size() >= 8, "panels: " + d.get("panels").size());
        for (JsonNode p : d.get("panels")) {
            assertEquals("${datasource}", p.get("datasource").get("uid").asText(), p.get("title").asText());
            assertTrue(p.get("targets").size() > 0 && p.get("targets").get(0).get("expr").asText().contains("job=\"elman-stream\""),
                    p.get("title").asText() + " queries the elman-stream job");
        }
    }
}
