package io.onceonly.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.delivery.DeadLetters;
import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.testing.CapturedLogs;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.TestDatabases;

/**
 * Residents flow from a household registration table into a department's PostgreSQL table that refuses some of them
 * (a name too long for its column, a trigger that names the phone number it blocks): the logs tell what happened,
 * by source, subscription, SQLState and counts, and never a person's ID number, name, phone or address.
 */
class PersonalDataStaysOutOfLogsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SUBSCRIPTION = "civil-affairs.residents";
    /** Resident ID numbers: valid ones, and one whose check character is wrong. */
    private static final String BLOCKED_ID = "110101199003071233";
    private static final String LONG_NAME_ID = "110101199003077774";
    private static final String GOOD_ID = "110105198511224567";
    private static final String REJECTED_ID = "110101199003077777";
    private static final List<String> PERSONAL_VALUES = List.of(BLOCKED_ID, LONG_NAME_ID, GOOD_ID, REJECTED_ID,
            "欧阳建国", "王芳", "李娜", "赵敏", "13700001111", "13812345678", "13912345678", "139 1234 5678",
            "15500002222", "北京市东城区东华门街道南池子大街12号", "北京市东城区景山街道景山前街4号");

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    private final String sourceTable = TestDatabases.uniqueName("it_resident");
    private final String sinkTable = TestDatabases.uniqueName("it_civil");
    private OnceOnlyHub hub;

    @Test
    void rejectsFailingSinkWritesDeadLettersAndARestartLogNoPersonalValue() throws Exception {
        TestDatabases.execute(TestDatabases.POSTGRES_URL,
                "CREATE TABLE " + sourceTable + " (sfzh TEXT PRIMARY KEY, xm TEXT, xb TEXT, csrq TEXT, lxdh TEXT, "
                        + "hjdz TEXT, updated_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP)",
                // The department's table takes two-character names only, and its trigger refuses a blocked number
                // with a message that quotes it, as hand-written triggers do.
                "CREATE TABLE " + sinkTable + " (id_number VARCHAR(18) PRIMARY KEY, name VARCHAR(2), phone TEXT, "
                        + "registered_address TEXT, onceonly_version BIGINT)",
                "CREATE FUNCTION " + sinkTable + "_check() RETURNS trigger AS $$ BEGIN IF NEW.phone LIKE '137%' THEN "
                        + "RAISE EXCEPTION 'phone % of % is blocked', NEW.phone, NEW.name; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
                "CREATE TRIGGER " + sinkTable + "_check BEFORE INSERT OR UPDATE ON " + sinkTable
                        + " FOR EACH ROW EXECUTE FUNCTION " + sinkTable + "_check()");
        insertResident(BLOCKED_ID, "李娜", "13700001111", "北京市东城区景山街道景山前街4号");
        insertResident(LONG_NAME_ID, "欧阳建国", "13912345678", "北京市东城区东华门街道南池子大街12号");
        insertResident(GOOD_ID, "王芳", "13812345678", "北京市东城区景山街道景山前街4号");
        insertResident(REJECTED_ID, "赵敏", "139 1234 5678", "北京市东城区东华门街道南池子大街12号");
        fixture.write("source.yaml", Resources.source("dongcheng.residents", "public-security")
                .schema("resident/v1")
                .from("jdbc", "url", TestDatabases.POSTGRES_URL, "table", sourceTable, "cursor", "updated_at",
                        "tiebreaker", "sfzh", "lag", "0s", "every", "200ms")
                .mapFrom("id_number", "sfzh")
                .mapFrom("name", "xm")
                .map("gender", "from", "xb", "values", Map.of("男", "male", "女", "female"))
                .map("birth_date", "from", "csrq", "type", "date", "formats", List.of("yyyyMMdd"))
                .mapFrom("phone", "lxdh")
                .mapFrom("registered_address", "hjdz")
                .mapConst("division_code", "110101001001")
                .mapConst("residence_status", "registered"));
        fixture.write("subscription.yaml", Resources.subscription(SUBSCRIPTION, "civil-affairs")
                .schema("resident/v1")
                .fields("id_number", "name", "phone", "registered_address")
                .start("earliest")
                .to("jdbc", "url", TestDatabases.POSTGRES_URL, "table", sinkTable));

        try (CapturedLogs logs = new CapturedLogs()) {
            hub = fixture.start();
            await("the refused residents are dead letters").atMost(WAIT).until(() -> hub.deadLetters(SUBSCRIPTION).size() == 2);
            assertThat(hub.deadLetters(SUBSCRIPTION)).extracting(DeadLetters.DeadLetter::reason)
                    .anyMatch(r -> r.contains("22001") || r.contains("value too long"))
                    .anyMatch(r -> r.startsWith("Failed 3 times while other records went through"));
            assertThat(TestDatabases.count(TestDatabases.POSTGRES_URL, sinkTable)).isEqualTo(1);
            assertThatThrownBy(() -> hub.replayDeadLetters(SUBSCRIPTION)).as("the trigger still blocks the number")
                    .isInstanceOf(RedactedException.class).hasMessageContaining("SQLState P0001")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PERSONAL_VALUES));
            // A restart logs where each source resumes; the tie-breaker there is a resident ID number.
            hub = fixture.restart();
            await("the source resumed").atMost(WAIT).until(() -> logs.text().contains("Source dongcheng.residents resumes after"));

            String logged = logs.text();
            assertThat(logged).as("what happened is in the logs")
                    .contains("Source dongcheng.residents: read 4, published 3, unchanged 0, rejected 1")
                    .contains("Subscription civil-affairs.residents: 2 record(s) refused by the subscriber went to the dead letters")
                    .contains("SQLState P0001");
            for (String value : PERSONAL_VALUES) {
                assertThat(logged).as("the logs hold '%s'", value).doesNotContain(value);
            }
        }
    }

    private void insertResident(String id, String name, String phone, String address) throws Exception {
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + sourceTable
                     + " (sfzh, xm, xb, csrq, lxdh, hjdz) VALUES (?, ?, '女', ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.setString(3, id.substring(6, 14));
            ps.setString(4, phone);
            ps.setString(5, address);
            ps.executeUpdate();
        }
    }
}
