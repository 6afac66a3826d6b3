package io.onceonly.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;
import io.onceonly.testing.SourceTable;
import io.onceonly.testing.TestDatabases;
import io.onceonly.testing.WebhookReceiver;

/** What a subscription selects: where, fields (checked in the subscriber's own table) and start. */
class SubscriptionOptionsIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    @RegisterExtension
    final HubExtension fixture = new HubExtension();

    @Test
    void whereSelectsRecordsAndOnlyGrantedFieldsBecomeColumns() throws Exception {
        SourceTable source = new SourceTable();
        String table = TestDatabases.uniqueName("it_lectures");
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("lectures.yaml", Resources.subscription("justice-bureau.lectures", "justice-bureau")
                .fields("activity_id", "title", "activity_date")
                .where("category", List.of("lecture"))
                .to("jdbc", "url", TestDatabases.POSTGRES_URL, "table", table));
        source.insert(1, "春节文艺汇演", "演出", "20240210", "300");
        source.insert(2, "老年人防诈骗讲座", "讲座", "20240312", "60");
        source.insert(3, "法治宣传讲座", "讲座", "20240315", "40");
        fixture.start();

        await("the two lectures arrive").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.POSTGRES_URL, table) == 2);
        List<String> columns = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(TestDatabases.POSTGRES_URL);
             ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
        }
        assertThat(columns).containsExactlyInAnyOrder("activity_id", "title", "activity_date", "onceonly_version");
    }

    @Test
    void latestStartsWithWhatIsSharedAfterTheSubscriptionBegins() throws Exception {
        SourceTable source = new SourceTable();
        WebhookReceiver everything = fixture.webhook();
        WebhookReceiver fromNowOn = fixture.webhook();
        String prefix = fixture.prefix();
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("all.yaml", SourceTable.webhookSubscription("culture-bureau.activities", everything.url()));
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "非遗剪纸作品展", "20240305");
        fixture.start();
        await("shared before the new subscriber").atMost(WAIT).until(() -> everything.latestBySubject().size() == 2);
        fixture.stop();

        fixture.write("new.yaml", SourceTable.webhookSubscription("tourism-office.activities", fromNowOn.url())
                .start("latest"));
        OnceOnlyHub second = fixture.start();
        // The consumer joins its group asynchronously; a record shared before that would be skipped by design.
        await("the new subscription's consumer is assigned").atMost(WAIT).until(() ->
                second.camel().getRoute("subscription.tourism-office.activities") != null
                        && groupHasMembers(second, prefix + ".subscription.tourism-office.activities"));
        source.insert(3, "全民健身广场舞比赛", "20240420");
        await("the new record reaches both").atMost(WAIT).until(() -> fromNowOn.latestBySubject().size() == 1
                && everything.latestBySubject().size() == 3);
        assertThat(fromNowOn.latestBySubject().keySet()).containsExactly("320115101-3");
    }

    @Test
    void aTombstoneOnTheTopicDeletesTheSubscribersRow() throws Exception {
        SourceTable source = new SourceTable();
        String table = TestDatabases.uniqueName("it_sink");
        String prefix = fixture.prefix();
        fixture.write("source.yaml", source.source("township-x.activities"));
        fixture.write("sub.yaml", SourceTable.mariaDbSubscription("propaganda-dept.activities", table));
        source.insert(1, "春节文艺汇演", "20240210");
        source.insert(2, "非遗剪纸作品展", "20240305");
        OnceOnlyHub hub = fixture.start();
        await("both rows delivered").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, table) == 2);

        // A deletion as Kafka expresses it: the entity key with no value (what compaction keeps as "gone").
        try (var producer = io.onceonly.kafka.ReliableProducer.create(hub.bootstrapServers(), "it-tombstone", Map.of())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(prefix + ".cultural-activity.v1",
                    "320115101-1", null)).get();
        }
        await("the deleted entity's row is gone").atMost(WAIT).until(() -> TestDatabases.count(TestDatabases.MARIADB_URL, table) == 1);
        assertThat(hub.deadLetters("propaganda-dept.activities")).isEmpty();
    }

    private static boolean groupHasMembers(OnceOnlyHub hub, String group) {
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", hub.bootstrapServers()))) {
            var description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            return description.members().stream().anyMatch(m -> !m.assignment().topicPartitions().isEmpty());
        } catch (Exception e) {
            return false;
        }
    }
}
