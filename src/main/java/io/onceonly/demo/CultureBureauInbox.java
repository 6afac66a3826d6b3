package io.onceonly.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the Culture and Tourism Bureau's system: an HTTP endpoint that takes CloudEvents batches and
 * upserts each activity into the bureau's own database, as a real receiver would.
 */
final class CultureBureauInbox implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;
    private final String dbUrl;

    CultureBureauInbox(String dbUrl) throws IOException, SQLException {
        this.dbUrl = dbUrl;
        try (Connection c = DriverManager.getConnection(dbUrl); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS WH_HD (
                      activity_id VARCHAR(64) PRIMARY KEY, title VARCHAR(200), category VARCHAR(20),
                      activity_date DATE, venue VARCHAR(200), division_code VARCHAR(12), organizer_id VARCHAR(18),
                      organizer_name VARCHAR(200), contact_phone VARCHAR(20), event_id VARCHAR(64))""");
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/culture-bureau/inbox", this::receive);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/culture-bureau/inbox";
    }

    private void receive(HttpExchange exchange) throws IOException {
        int status;
        try (InputStream in = exchange.getRequestBody(); Connection c = DriverManager.getConnection(dbUrl)) {
            JsonNode batch = JSON.readTree(in);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO WH_HD (activity_id, title, category, activity_date, "
                    + "venue, division_code, organizer_id, organizer_name, contact_phone, event_id) KEY (activity_id) "
                    + "VALUES (?,?,?,?,?,?,?,?,?,?)")) {
                for (JsonNode event : batch) {
                    JsonNode d = event.path("data");
                    ps.setString(1, d.path("activity_id").asText());
                    ps.setString(2, d.path("title").asText(null));
                    ps.setString(3, d.path("category").asText(null));
                    ps.setObject(4, d.has("activity_date") ? java.time.LocalDate.parse(d.path("activity_date").asText()) : null);
                    ps.setString(5, d.path("venue").asText(null));
                    ps.setString(6, d.path("division_code").asText(null));
                    ps.setString(7, d.path("organizer_id").asText(null));
                    ps.setString(8, d.path("organizer_name").asText(null));
                    ps.setString(9, d.path("contact_phone").asText(null));
                    ps.setString(10, event.path("id").asText());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            status = 204;
        } catch (SQLException | RuntimeException e) {
            status = 500;
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
