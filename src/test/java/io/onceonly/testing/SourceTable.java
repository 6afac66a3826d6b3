package io.onceonly.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

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

    public String sourceYaml(String name) {
        return """
                apiVersion: onceonly.io/v1
                kind: Source
                metadata: { name: %s, department: township-x }
                spec:
                  schema: cultural-activity/v1
                  from: { type: jdbc, url: "%s", table: %s, cursor: updated_at, tiebreaker: id, lag: 0s, every: 200ms }
                  map:
                    activity_id:       { template: "%s-{id}" }
                    title:             { from: title }
                    category:          { from: kind, values: { "演出": performance, "讲座": lecture } }
                    activity_date:     { from: held_on, type: date, formats: [yyyyMMdd, "yyyy年M月d日"] }
                    venue:             { from: venue }
                    division_code:     { const: "%s000" }
                    organizer_name:    { from: organizer }
                    organizer_id:      { from: org_code, type: social-credit-code }
                    participant_count: { from: people }
                    contact_phone:     { from: phone, type: phone }
                """.formatted(name, url, table, keyPrefix, keyPrefix);
    }

    public static String mariaDbSubscriptionYaml(String name, String table) {
        return """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: %s, department: propaganda-dept }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, title, category, activity_date, venue, division_code, organizer_name, participant_count]
                  start: earliest
                  to: { type: jdbc, url: "%s", table: %s }
                """.formatted(name, TestDatabases.MARIADB_URL, table);
    }

    public static String webhookSubscriptionYaml(String name, String url) {
        return """
                apiVersion: onceonly.io/v1
                kind: Subscription
                metadata: { name: %s, department: culture-bureau }
                spec:
                  schema: cultural-activity/v1
                  fields: [activity_id, title, activity_date, venue, organizer_id]
                  start: earliest
                  to: { type: http, url: "%s", timeout: 5s }
                """.formatted(name, url);
    }
}
