package io.onceonly.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A township's activity table in the machine's PostgreSQL, with the messy values department systems hold
 * (Chinese dates, full-width digits), and the Source and Subscription resources that connect it.
 */
public final class SourceTable {
    public final String table = TestDatabases.uniqueName("it_activity");
    private final String url;
    /** The township's division code: activity ids are {@code <keyPrefix>-<id>}. */
    private final String keyPrefix;
    /** The database's clock to microseconds: a cursor at whole seconds could pass over a row changed in the same second. */
    private final String now;

    /** A table in the machine's PostgreSQL, whose activities are keyed 320115101-id. */
    public SourceTable() throws SQLException {
        this(TestDatabases.POSTGRES_URL, "320115101");
    }

    /** A table in the PostgreSQL or MariaDB database at {@code url}, whose activities are keyed {@code keyPrefix-id}. */
    public SourceTable(String url, String keyPrefix) throws SQLException {
        this.url = url;
        this.keyPrefix = keyPrefix;
        boolean mariaDb = url.startsWith("jdbc:mariadb:");
        this.now = mariaDb ? "LOCALTIMESTAMP(6)" : "LOCALTIMESTAMP";
        TestDatabases.execute(url, "CREATE TABLE " + table + " (id INT PRIMARY KEY, title TEXT, "
                + "kind TEXT, held_on TEXT, venue TEXT, organizer TEXT, org_code TEXT, people TEXT, phone TEXT, "
                + "updated_at " + (mariaDb ? "TIMESTAMP(6)" : "TIMESTAMP") + " NOT NULL DEFAULT " + now + ")");
    }

    /** The activity id the hub gives row {@code id}. */
    public String key(int id) {
        return keyPrefix + "-" + id;
    }

    public void insert(int id, String title, String heldOn) throws SQLException {
        insert(id, title, "演出", heldOn, "２００");
    }

    public void insert(int id, String title, String kind, String heldOn, String people) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + table
                     + " (id, title, kind, held_on, venue, organizer, org_code, people, phone) VALUES (?,?,?,?,?,?,?,?,?)")) {
            ps.setInt(1, id);
            ps.setString(2, title);
            ps.setString(3, kind);
            ps.setString(4, heldOn);
            ps.setString(5, " 街道文化站大礼堂 ");
            ps.setString(6, "秣陵街道文化站");
            ps.setString(7, "91320115ma1xk3r2ta");
            ps.setString(8, people);
            ps.setString(9, "139 1234 5678");
            ps.executeUpdate();
        }
    }

    public void updateTitle(int id, String title) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("UPDATE " + table
                     + " SET title = ?, updated_at = " + now + " WHERE id = ?")) {
            ps.setString(1, title);
            ps.setInt(2, id);
            ps.executeUpdate();
        }
    }

    /** The township's Source named {@code name}: the table read by its cursor, its messy values mapped. */
    public Resources.Source source(String name) {
        return Resources.source(name, "township-x")
                .from("jdbc", "url", url, "table", table, "cursor", "updated_at", "tiebreaker", "id", "lag", "0s",
                        "every", "200ms")
                .map("activity_id", "template", keyPrefix + "-{id}")
                .mapFrom("title", "title")
                .map("category", "from", "kind", "values", Map.of("演出", "performance", "讲座", "lecture"))
                .map("activity_date", "from", "held_on", "type", "date", "formats", List.of("yyyyMMdd", "yyyy年M月d日"))
                .mapFrom("venue", "venue")
                .mapConst("division_code", keyPrefix + "000")
                .mapFrom("organizer_name", "organizer")
                .map("organizer_id", "from", "org_code", "type", "social-credit-code")
                .mapFrom("participant_count", "people")
                .map("contact_phone", "from", "phone", "type", "phone");
    }

    /**
     * Writes the township's usual flow into {@code connectors}: this table as Source township-x.activities
     * (source.yaml), the propaganda department's MariaDB table {@code sinkTable} (propaganda.yaml) and the culture
     * bureau's webhook at {@code webhookUrl} (culture.yaml).
     */
    public void writeWithSubscribers(Path connectors, String sinkTable, String webhookUrl) {
        source("township-x.activities").writeTo(connectors, "source.yaml");
        mariaDbSubscription("propaganda-dept.activities", sinkTable).writeTo(connectors, "propaganda.yaml");
        webhookSubscription("culture-bureau.activities", webhookUrl).writeTo(connectors, "culture.yaml");
    }

    /** A department's subscription upserting the fields a table keeps into {@code table} at {@code url}, from the earliest record. */
    public static Resources.Subscription jdbcSubscription(String name, String department, String url, String table) {
        return Resources.subscription(name, department)
                .fields("activity_id", "title", "category", "activity_date", "venue", "division_code", "organizer_name",
                        "participant_count")
                .start("earliest")
                .to("jdbc", "url", url, "table", table);
    }

    /** The propaganda department's subscription into {@code table} in the machine's MariaDB. */
    public static Resources.Subscription mariaDbSubscription(String name, String table) {
        return jdbcSubscription(name, "propaganda-dept", TestDatabases.MARIADB_URL, table);
    }

    /** The culture bureau's subscription posting five fields to the webhook at {@code url}, from the earliest record. */
    public static Resources.Subscription webhookSubscription(String name, String url) {
        return Resources.subscription(name, "culture-bureau")
                .fields("activity_id", "title", "activity_date", "venue", "organizer_id")
                .start("earliest")
                .to("http", "url", url, "timeout", "5s");
    }
}
