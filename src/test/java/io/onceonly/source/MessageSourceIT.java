package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.config.ConfigurationException;
import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;

/**
 * The "camel" source type with a real Camel component: a department system that sends JSON over a TCP socket
 * (camel-netty, synchronous), answered only after its records are committed.
 */
class MessageSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private OnceOnlyHub hub;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Resources.Source source(String uri) {
        return Resources.source("hospital.followups-feed", "hospital")
                .from("camel", "uri", uri, "format", "json", "idField", "no")
                .map("activity_id", "template", "H-{no}")
                .mapFrom("title", "title")
                .mapConst("category", "lecture")
                .map("activity_date", "from", "date", "type", "date", "formats", List.of("yyyyMMdd"))
                .mapConst("venue", "社区卫生服务中心")
                .mapConst("division_code", "320115101000")
                .mapConst("organizer_name", "区人民医院");
    }

    /** Sends one line and waits for the hub's answer line. */
    private static JsonNode send(int port, String line) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
            out.write(line + "\n");
            out.flush();
            String answer = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)).readLine();
            return JSON.readTree(answer);
        }
    }

    @Test
    void messagesFromASocketArePublishedAndAnsweredAfterTheCommit() throws Exception {
        int port = freePort();
        fixture.write("source.yaml", source("netty:tcp://127.0.0.1:" + port
                + "?textline=true&sync=true&encoding=UTF-8"));
        hub = fixture.start();

        JsonNode first = send(port, "[{\"no\": 1, \"title\": \"高血压随访讲座\", \"date\": \"20240305\"},"
                + " {\"no\": 2, \"title\": \"糖尿病随访讲座\", \"date\": \"2024-13-45\"}]");
        assertThat(first.path("published").asInt()).isEqualTo(1);
        assertThat(first.path("rejected").asInt()).isEqualTo(1);
        assertThat(published()).containsOnlyKeys("H-1");

        JsonNode again = send(port, "{\"no\": 1, \"title\": \"高血压随访讲座\", \"date\": \"20240305\"}");
        assertThat(again.path("unchanged").asInt()).isEqualTo(1);

        // Not JSON at all: rejected whole, with the reason, and the socket keeps working.
        JsonNode garbage = send(port, "no=3;title=???");
        assertThat(garbage.path("rejected").asInt()).isEqualTo(1);
        assertThat(rejectReasons()).anySatisfy(r -> assertThat(r).startsWith("(record): The body is not valid JSON"));
        assertThat(send(port, "{\"no\": 3, \"title\": \"义诊\", \"date\": \"20240306\"}").path("published").asInt()).isEqualTo(1);
        assertThat(published()).containsOnlyKeys("H-1", "H-3").containsEntry("H-1", 1);
    }

    @Test
    void aSecretWrittenInsideTheUriIsRefusedAtLoad() throws Exception {
        fixture.write("source.yaml", source("ftp://dept@ftp.example/out?password=hunter2"));
        org.assertj.core.api.Assertions.assertThatThrownBy(fixture::start)
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("spec.from.uri has a secret written in clear text");
    }

    private Map<String, Integer> published() {
        Map<String, Integer> perKey = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1),
                r -> perKey.merge(r.key(), 1, Integer::sum));
        return perKey;
    }

    private List<String> rejectReasons() {
        List<String> reasons = new ArrayList<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().rejects(), r -> {
            try {
                JSON.readTree(r.value()).path("problems").forEach(p -> reasons.add(p.path("reason").asText()));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return reasons;
    }
}
