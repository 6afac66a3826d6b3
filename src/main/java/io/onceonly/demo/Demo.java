package io.onceonly.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.config.HubSettings;
import io.onceonly.hub.OnceOnlyHub;

/**
 * {@code onceonly demo}: a township's cultural activities, once typed into both the Propaganda Department's and
 * the Culture and Tourism Bureau's systems, are entered once and appear in both. Every 20 seconds a clerk types a
 * new activity; the second one has an impossible date and shows how a reject looks.
 */
public final class Demo implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OnceOnlyHub hub;
    private final CultureBureauInbox inbox;
    private final ScheduledExecutorService clerk = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "onceonly-demo");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    private Demo(OnceOnlyHub hub, CultureBureauInbox inbox) {
        this.hub = hub;
        this.inbox = inbox;
    }

    public static Demo start(HubSettings settings, boolean fresh) throws Exception {
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        if (fresh) {
            deleteTree(dataDir.resolve("kafka"));
            deleteTree(dataDir.resolve("demo"));
        }
        Files.createDirectories(dataDir.resolve("demo"));
        DemoDatabases dbs = new DemoDatabases(dataDir.resolve("demo"));
        dbs.seed();
        CultureBureauInbox inbox = new CultureBureauInbox(dbs.url("culture-bureau"));
        Path householdDrop = Files.createDirectories(dataDir.resolve("demo").resolve("township-c-drop"));
        Path civilAffairsInbox = Files.createDirectories(dataDir.resolve("demo").resolve("civil-affairs-inbox"));
        OnceOnlyHub hub;
        HubSettings demoSettings = settings.withConnectorsDir(settings.connectorsDir().resolve("demo"));
        if (demoSettings.apiOperatorToken() == null || demoSettings.apiOperatorToken().isBlank()) {
            // A token for this run only, printed below, so the admin API can be tried without setting anything.
            demoSettings = demoSettings.withOperatorToken("demo-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        }
        try {
            hub = OnceOnlyHub.start(demoSettings, Map.of(
                    "demo.township-a.url", dbs.url("township-a"),
                    "demo.township-b.url", dbs.url("township-b"),
                    "demo.propaganda-dept.url", dbs.url("propaganda-dept"),
                    "demo.culture-bureau.inbox", inbox.url(),
                    "demo.township-c.drop", householdDrop.toString(),
                    "demo.civil-affairs.inbox", civilAffairsInbox.toString()));
        } catch (Exception | Error e) {
            inbox.close();
            throw e;
        }
        Demo demo = new Demo(hub, inbox);
        demo.printWelcome(dbs);
        demo.startClerk(dbs);
        demo.startHouseholdClerk(householdDrop, fresh || !Files.isDirectory(householdDrop.resolve("done")));
        demo.followRejects();
        return demo;
    }

    private void printWelcome(DemoDatabases dbs) {
        String topic = hub.topics().schema("cultural-activity", 1);
        System.out.println();
        System.out.println("OnceOnly demo is running. Ctrl-C stops it.");
        System.out.println("  Kafka broker (embedded) : " + hub.bootstrapServers() + "   topic " + topic);
        Path demoDir = hub.settings().dataDir().resolve("demo").toAbsolutePath().normalize();
        System.out.println("  Sources                 : township-a.activities, township-b.activities (H2 under " + demoDir + ")");
        System.out.println("                            township-c.households (CSV exports dropped in " + demoDir.resolve("township-c-drop") + ")");
        System.out.println("  Subscribers             : propaganda-dept (JDBC upsert into table XC_WHHD), "
                + "culture-bureau (HTTP webhook " + inbox.url() + ")");
        System.out.println("                            civil-affairs (JSON Lines files in " + demoDir.resolve("civil-affairs-inbox") + ")");
        System.out.println("  Watch the topic         : kcat -b " + hub.bootstrapServers() + " -t " + topic + " -C -f '%k  %s\\n'");
        System.out.println("  Health                  : curl localhost:" + hub.httpPort() + "/health/ready");
        if (hub.settings().apiOperatorToken().startsWith("demo-")) {
            System.out.println("  Dashboard               : http://localhost:" + hub.httpPort() + "/#token=" + hub.settings().apiOperatorToken());
        }
        if (hub.settings().apiOperatorToken().startsWith("demo-")) {
            System.out.println("  Admin API (this run)    : curl -H 'Authorization: Bearer " + hub.settings().apiOperatorToken()
                    + "' localhost:" + hub.httpPort() + "/api/v1/subscriptions");
        }
        System.out.println("Each activity is typed once, at its township; both departments' systems receive it. Township C's");
        System.out.println("monthly household list is dropped as always, but only what changed reaches Civil Affairs.");
        System.out.println();
    }

    /** A clerk at township A types a new activity every 20 s; the second has an impossible date. */
    private void startClerk(DemoDatabases dbs) {
        AtomicInteger typed = new AtomicInteger();
        clerk.scheduleWithFixedDelay(() -> {
            try {
                int id = dbs.nextTownshipAId();
                int n = typed.incrementAndGet();
                String date = n == 2 ? "2024-13-45" : "202407" + String.format("%02d", 1 + n % 28);
                dbs.addTownshipAActivity(id, "社区消夏晚会（第" + n + "场）", date);
                System.out.println("[township-a clerk] typed activity " + id + " once, with date '" + date + "'");
            } catch (Exception e) {
                System.out.println("[township-a clerk] could not type an activity: " + e.getMessage());
            }
        }, 10, 20, TimeUnit.SECONDS);
        clerk.scheduleWithFixedDelay(() -> System.out.println("[status] propaganda-dept XC_WHHD holds "
                + Math.max(0, dbs.rows("propaganda-dept", "XC_WHHD")) + " activities; culture-bureau WH_HD holds "
                + Math.max(0, dbs.rows("culture-bureau", "WH_HD")) + "; township-a typed "
                + dbs.rows("township-a", "HD_HDJL") + ", township-b " + dbs.rows("township-b", "activity")),
                8, 20, TimeUnit.SECONDS);
    }

    /** October's household list soon after start, November's half a minute later (only on a fresh demo). */
    private void startHouseholdClerk(Path drop, boolean firstRun) {
        if (!firstRun) {
            return;
        }
        HouseholdClerk households = new HouseholdClerk(drop);
        clerk.schedule(households::dropOctober, 5, TimeUnit.SECONDS);
        clerk.schedule(households::dropNovember, 35, TimeUnit.SECONDS);
    }

    /** Prints each reject as it arrives, with its reasons: what a duty officer would act on. */
    private void followRejects() {
        Thread t = new Thread(() -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, hub.bootstrapServers());
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
                // Assigned, not subscribed: the demo reads along without a consumer group of its own.
                var partitions = consumer.partitionsFor(hub.topics().rejects()).stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (!stopping) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        JsonNode reject = JSON.readTree(new String(r.value(), StandardCharsets.UTF_8));
                        StringBuilder reasons = new StringBuilder();
                        reject.path("problems").forEach(p -> reasons.append(reasons.isEmpty() ? "" : "; ").append(p.path("reason").asText()));
                        System.out.println("[reject] " + reject.path("source").asText() + " record "
                                + reject.path("sourceRecord").asText() + ": " + reasons);
                    }
                }
            } catch (Exception e) {
                if (!stopping) {
                    System.out.println("[reject] stopped following rejects: " + e.getMessage());
                }
            }
        }, "onceonly-demo-rejects");
        t.setDaemon(true);
        t.start();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        clerk.shutdownNow();
        hub.close();
        inbox.close();
    }
}
