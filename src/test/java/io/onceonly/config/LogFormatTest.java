package io.onceonly.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The hub's own logging configuration writes one JSON object per line when asked to. */
class LogFormatTest {

    @Test
    void jsonFormatWritesOneEcsObjectPerLine() throws Exception {
        URI hubConfig = getClass().getClassLoader().getResource("log4j2.xml").toURI();
        PrintStream console = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setProperty("onceonly.log.format", "json");
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Configurator.reconfigure(hubConfig);
            LogManager.getLogger("io.onceonly.hub.OnceOnlyHub").info("Source {} resumes", "township-a.activities");
        } finally {
            System.setOut(console);
            System.clearProperty("onceonly.log.format");
            Configurator.reconfigure(getClass().getClassLoader().getResource("log4j2-test.xml").toURI());
        }
        String line = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("resumes")).findFirst().orElseThrow();
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(event.path("message").asText()).isEqualTo("Source township-a.activities resumes");
        assertThat(event.path("log.level").asText()).isEqualTo("INFO");
        assertThat(event.path("log.logger").asText()).isEqualTo("io.onceonly.hub.OnceOnlyHub");
        assertThat(event.has("@timestamp")).isTrue();
    }
}
