package io.onceonly.connector.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePosition;
import io.onceonly.source.SourceReadException;
import io.onceonly.testing.DepartmentApi.Answer;
import io.onceonly.testing.DepartmentApi;

/** Pagination, positions and error answers of the HTTP source reader, against a real HTTP server. */
class HttpSourceReaderTest {
    private DepartmentApi api;

    @BeforeEach
    void startApi() throws Exception {
        api = new DepartmentApi(250);
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private HttpSourceReader reader(Map<String, String> options) {
        return reader(options, Clock.systemUTC());
    }

    private HttpSourceReader reader(Map<String, String> options, Clock clock) {
        Map<String, String> all = new HashMap<>(Map.of("url", api.url(), "recordsPointer", "/data/items"));
        all.putAll(options);
        return new HttpSourceReader("township-x.activities", HttpSourceSettings.from("township-x.activities", all), clock);
    }

    /** Reads one whole poll the way the route does: page after page while full, committing each page's position. */
    private static List<RawBatch> poll(HttpSourceReader reader, SourcePosition[] committed) throws Exception {
        List<RawBatch> batches = new ArrayList<>();
        RawBatch b;
        do {
            b = reader.read(committed[0], 1000);
            batches.add(b);
            if (!b.records().isEmpty()) {
                committed[0] = b.records().get(b.records().size() - 1).position();
            }
        } while (b.full());
        return batches;
    }

    private static List<Integer> ids(List<RawBatch> batches) {
        return batches.stream().flatMap(b -> b.records().stream())
                .map(r -> ((Number) r.columns().get("id")).intValue()).toList();
    }

    private static List<Integer> upTo(int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void pagePaginationReadsPageByPageUntilAnEmptyPageAndEndsTheSnapshotOnTheLastOne() throws Exception {
        HttpSourceReader reader = reader(Map.of("pagination", "page"));
        List<RawBatch> batches = poll(reader, new SourcePosition[1]);

        assertThat(batches).extracting(b -> b.records().size()).containsExactly(100, 100, 50);
        assertThat(batches).extracting(RawBatch::full).containsExactly(true, true, false);
        assertThat(batches).extracting(RawBatch::endsSnapshot).containsExactly(false, false, true);
        assertThat(ids(batches)).isEqualTo(upTo(250));
        assertThat(api.requests()).extracting(r -> r.param("page") + "/" + r.param("size"))
                .containsExactly("1/100", "2/100", "3/100", "4/100");
        assertThat(batches.get(0).records().get(0).position().values()).isEqualTo(Map.of("page", "1"));
        assertThat(batches.get(2).records().get(0).position().values()).isEqualTo(Map.of("pages", "3"));
        assertThat(batches.get(1).records().get(6).sourceRecordId()).isEqualTo("page 2 #7");
    }

    @Test
    void offsetPaginationAdvancesByTheRecordsReceivedSoAnApiThatCapsThePageSizeIsStillReadToTheEnd() throws Exception {
        api.capPageSize(40);
        HttpSourceReader reader = reader(Map.of("pagination", "offset", "pageSize", "100"));
        List<RawBatch> batches = poll(reader, new SourcePosition[1]);

        assertThat(ids(batches)).isEqualTo(upTo(250));
        assertThat(api.requests()).extracting(r -> r.param("offset"))
                .containsExactly("0", "40", "80", "120", "160", "200", "240", "250");
    }

    @Test
    void cursorPaginationFollowsTheNextCursorUntilThereIsNone() throws Exception {
        HttpSourceReader reader = reader(Map.of("pagination", "cursor", "nextCursorPointer", "/paging/next"));
        List<RawBatch> batches = poll(reader, new SourcePosition[1]);

        assertThat(batches).extracting(b -> b.records().size()).containsExactly(100, 100, 50);
        assertThat(ids(batches)).isEqualTo(upTo(250));
        assertThat(api.requests()).hasSize(3);
        assertThat(api.requests().get(0).param("cursor")).isNull();
        assertThat(api.requests().get(1).param("cursor")).isNotBlank();
    }

    @Test
    void aNextLinkOnTheSameServerIsFollowedAsItIs() throws Exception {
        api.intercept(r -> r.param("cursor") == null && r.param("go") == null
                ? Answer.of(200, "application/json", "{\"value\":[{\"id\":1}],\"@odata.nextLink\":\"" + DepartmentApi.PATH + "?go=2\"}")
                : r.param("go") != null ? Answer.of(200, "application/json", "{\"value\":[{\"id\":2}]}") : null);
        HttpSourceReader reader = reader(Map.of("pagination", "cursor", "recordsPointer", "/value",
                "nextCursorPointer", "/@odata.nextLink"));
        assertThat(ids(poll(reader, new SourcePosition[1]))).containsExactly(1, 2);
        assertThat(api.requests().get(1).query()).isEqualTo(Map.of("go", "2"));
    }

    @Test
    void aPageOverTheLimitIsRefusedWithoutBeingHeldWhole() throws Exception {
        byte[] huge = new byte[HttpSourceReader.MAX_PAGE_BYTES + 10];
        java.util.Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        api.intercept(r -> new Answer(200, "application/json", huge, Map.of()));
        HttpSourceReader reader = reader(Map.of());
        assertThatThrownBy(() -> reader.read(null, 1000)).isInstanceOf(SourceReadException.class)
                .hasMessageContaining("answered a page of more than 16777216 bytes, the limit for one page. Ask for fewer "
                        + "records a page (spec.from.pageSize)");
    }

    @Test
    void noPaginationReadsOneResponse() throws Exception {
        List<RawBatch> batches = poll(reader(Map.of()), new SourcePosition[1]);
        assertThat(batches).hasSize(1);
        assertThat(batches.get(0).records()).hasSize(250);
        assertThat(batches.get(0).endsSnapshot()).isTrue();
    }

    @Test
    void theHighWaterMarkTravelsWithTheLastPageThatHasRecordsAndTheNextPollAsksSinceIt() throws Exception {
        HttpSourceReader reader = reader(Map.of("pagination", "page", "sinceParam", "since", "sinceField", "updated_at"));
        SourcePosition[] committed = {SourcePosition.of(Map.of("since", DepartmentApi.updatedAt(51)))};
        // 200 records at or after the mark: exactly two full pages, then an empty one.
        List<RawBatch> batches = poll(reader, committed);

        assertThat(batches).extracting(b -> b.records().size()).containsExactly(100, 100);
        assertThat(batches.get(0).records().get(99).position().values())
                .isEqualTo(Map.of("since", DepartmentApi.updatedAt(51), "page", "1"));
        assertThat(committed[0].values()).isEqualTo(Map.of("since", DepartmentApi.updatedAt(250)));
        assertThat(batches).noneMatch(RawBatch::endsSnapshot);
        assertThat(api.requests()).extracting(r -> r.param("since")).containsOnly(DepartmentApi.updatedAt(51));

        api.put(DepartmentApi.activity(251, "新活动", DepartmentApi.updatedAt(300)));
        List<RawBatch> next = poll(reader, committed);
        assertThat(ids(next)).containsExactly(250, 251); // 250 again: the API compares with >=
        assertThat(api.requests().get(api.requests().size() - 1).param("since")).isEqualTo(DepartmentApi.updatedAt(250));
        assertThat(committed[0].values()).isEqualTo(Map.of("since", DepartmentApi.updatedAt(300)));
    }

    @Test
    void aPageThatWasNotCommittedMakesThePollStartOver() throws Exception {
        HttpSourceReader reader = reader(Map.of("pagination", "page"));
        RawBatch first = reader.read(null, 1000);
        SourcePosition afterFirst = first.records().get(99).position();
        RawBatch second = reader.read(afterFirst, 1000);
        assertThat(second.records().get(0).columns().get("id")).isEqualTo(101);

        // The second page's publish failed: the pipeline still holds the first page's position.
        RawBatch again = reader.read(afterFirst, 1000);
        assertThat(again.records().get(0).columns().get("id")).isEqualTo(1);
        assertThat(again.records().get(0).position().values()).isEqualTo(Map.of("page", "1"));
    }

    @Test
    void aFailedRequestIsRetriedFromWhereItFailedWithoutRereadingPages() throws Exception {
        api.interceptOnce(r -> "2".equals(r.param("page")) ? Answer.of(503, "text/plain", "busy") : null);
        HttpSourceReader reader = reader(Map.of("pagination", "page"));
        // Reading page 1 reads page 2 ahead, which fails: nothing is handed out.
        assertThatThrownBy(() -> reader.read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("GET " + api.url() + " (page 2 of the poll) answered HTTP 503")
                .hasMessageContaining("Retried with backoff");
        List<RawBatch> batches = poll(reader, new SourcePosition[1]);

        assertThat(ids(batches)).isEqualTo(upTo(250));
        assertThat(api.requests()).extracting(r -> r.param("page")).containsExactly("1", "2", "2", "3", "4");
    }

    @Test
    void retryAfterIsHonouredWithoutAskingTheApiBeforeThen() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2024-03-05T02:00:00Z"));
        api.interceptOnce(r -> Answer.of(429, "application/json", "{}").withHeader("Retry-After", "120"));
        HttpSourceReader reader = reader(Map.of(), clock);

        assertThatThrownBy(() -> reader.read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("answered HTTP 429. It asked to retry after 2024-03-05T02:02:00Z")
                .satisfies(e -> assertThat(((SourceReadException) e).notBefore()).contains(Instant.parse("2024-03-05T02:02:00Z")));
        clock.advance(Duration.ofSeconds(60));
        assertThatThrownBy(() -> reader.read(null, 1000))
                .hasMessageContaining("not to be called again before 2024-03-05T02:02:00Z, 60 s from now");
        assertThat(api.requests()).hasSize(1);

        clock.advance(Duration.ofSeconds(61));
        assertThat(reader.read(null, 1000).records()).hasSize(250);
    }

    @Test
    void refusedCredentialsNameTheOptionButNeverTheSecret() {
        api.requireToken("right-token");
        HttpSourceReader reader = reader(Map.of("authToken", "Bearer wrong-token"));
        assertThatThrownBy(() -> reader.read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("was refused with HTTP 401")
                .hasMessageContaining("Check the secret that spec.from.authToken references (sent in header Authorization)")
                .hasMessageNotContaining("wrong-token");
    }

    @Test
    void theAuthHeaderCarriesTheToken() throws Exception {
        api.requireToken("right-token");
        assertThat(reader(Map.of("authToken", "Bearer right-token")).read(null, 1000).records()).hasSize(250);
        assertThat(api.requests().get(0).authorization()).isEqualTo("Bearer right-token");
    }

    @Test
    void anAnswerThatIsNotJsonNamesTheUrlWithoutItsQueryTheStatusAndTheContentType() {
        api.intercept(r -> Answer.of(200, "text/html; charset=utf-8", "<html>Maintenance</html>"));
        Map<String, String> options = Map.of("url", api.url() + "?key=s3cr3t-key");
        HttpSourceReader reader = reader(options);
        assertThatThrownBy(() -> reader.read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("GET " + api.url() + " (page 1 of the poll) answered HTTP 200 with content type "
                        + "'text/html; charset=utf-8' and a body that is not JSON")
                .hasMessageNotContaining("s3cr3t")
                .hasMessageNotContaining("Maintenance");
    }

    @Test
    void anAnswerWithoutAnArrayAtTheRecordsPointerSaysWhatItFound() {
        HttpSourceReader reader = reader(Map.of("recordsPointer", "/data"));
        assertThatThrownBy(() -> reader.read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("answered JSON without an array at recordsPointer '/data': found an object");
    }

    @Test
    void anElementThatIsNotAnObjectBecomesAnUnreadableRecordWithItsPlaceAndTheOthersStay() throws Exception {
        api.intercept(r -> Answer.of(200, "application/json",
                "{\"data\":{\"items\":[{\"id\":1,\"fee\":12.50,\"place\":{\"name\":\"站\"}},\"oops\",{\"id\":3}]}}"));
        RawBatch batch = reader(Map.of("idField", "id")).read(null, 1000);

        assertThat(batch.records()).extracting(RawRecord::sourceRecordId).containsExactly("1", "page 1 #2", "3");
        RawRecord bad = batch.records().get(1);
        assertThat(bad.columns()).isEmpty();
        assertThat(bad.position()).isNotNull();
        assertThat(bad.unreadable().rule()).isEqualTo("not-an-object");
        assertThat(bad.unreadable().value()).isEqualTo("\"oops\"");
        assertThat(bad.unreadable().message()).startsWith("record: is a string, not a JSON object of fields (page 1 #2 of the poll, at /data/items/1");
        Map<String, Object> first = batch.records().get(0).columns();
        assertThat(first.get("fee")).isEqualTo(new BigDecimal("12.50"));
        assertThat(first.get("place")).isEqualTo(Map.of("name", "站"));
    }

    @Test
    void anApiThatRepeatsItsLastPagePastTheEndIsReadToThatPage() throws Exception {
        // Clamping page numbers, as MyBatis PageHelper with reasonable=true does.
        api.intercept(r -> r.param("page") != null && Integer.parseInt(r.param("page")) > 3
                ? Answer.of(200, "application/json", "{\"data\":{\"items\":[{\"id\":249},{\"id\":250}]}}") : null);
        api.intercept(r -> "3".equals(r.param("page"))
                ? Answer.of(200, "application/json", "{\"data\":{\"items\":[{\"id\":249},{\"id\":250}]}}") : null);
        List<RawBatch> batches = poll(reader(Map.of("pagination", "page")), new SourcePosition[1]);
        assertThat(batches).extracting(b -> b.records().size()).containsExactly(100, 100, 2);
        assertThat(batches.get(2).endsSnapshot()).isTrue();
    }

    @Test
    void anApiThatIgnoresThePageParameterIsAProblemNotAnEndlessPoll() {
        api.intercept(r -> {
            StringBuilder items = new StringBuilder();
            for (int i = 1; i <= 100; i++) {
                items.append(i > 1 ? "," : "").append("{\"id\":").append(i).append('}');
            }
            return Answer.of(200, "application/json", "{\"data\":{\"items\":[" + items + "]}}");
        });
        HttpSourceReader reader = reader(Map.of("pagination", "page", "pageParam", "p"));
        assertThatThrownBy(() -> reader.read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("gave the same records for the second page as for the first")
                .hasMessageContaining("ignore the query parameter 'p'");
    }

    @Test
    void aCursorThatComesBackIsAProblemNotAnEndlessPoll() {
        api.intercept(r -> Answer.of(200, "application/json", "{\"data\":{\"items\":[{\"id\":1}]},\"paging\":{\"next\":\"abc\"}}"));
        HttpSourceReader reader = reader(Map.of("pagination", "cursor", "nextCursorPointer", "/paging/next"));
        assertThatThrownBy(() -> poll(reader, new SourcePosition[1]))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("named a next cursor it had already named in this poll");
    }

    @Test
    void aBodyInTheCharsetTheContentTypeNamesIsDecodedWithIt() throws Exception {
        byte[] gbk = "[{\"id\":1,\"name\":\"文化站讲座\"}]".getBytes(Charset.forName("GBK"));
        api.intercept(r -> new Answer(200, "application/json;charset=GBK", gbk, Map.of()));
        RawBatch batch = reader(Map.of("recordsPointer", "")).read(null, 1000);
        assertThat(batch.records().get(0).columns().get("name")).isEqualTo("文化站讲座");
    }

    @Test
    void bytesThatAreNotTextInTheNamedCharsetStopThePageInsteadOfBecomingReplacementCharacters() {
        byte[] gbk = "[{\"id\":1,\"name\":\"文化站讲座\"}]".getBytes(Charset.forName("GBK"));
        api.intercept(r -> new Answer(200, "application/json;charset=utf-8", gbk, Map.of())); // GBK sent as UTF-8
        assertThatThrownBy(() -> reader(Map.of("recordsPointer", "")).read(null, 1000))
                .isInstanceOf(SourceReadException.class)
                .hasMessageContaining("a body that is not text in that encoding: the bytes at offset 17 are not valid UTF-8")
                .hasMessageNotContaining("\uFFFD");
    }

    @Test
    void aFullReadThatListsNothingAtAllDoesNotEndASnapshot() throws Exception {
        api.intercept(r -> Answer.of(200, "application/json", "{\"data\":{\"items\":[]}}"));
        RawBatch batch = reader(Map.of("pagination", "page")).read(null, 1000);
        assertThat(batch.records()).isEmpty();
        assertThat(batch.full()).isFalse();
        assertThat(batch.endsSnapshot()).isFalse();
    }

    @Test
    void sinceValuesCompareAsInstantsDatesOrNumbersWhenTheyAreSuch() {
        assertThat(HttpSourceReader.later("2024-03-05T10:00:00+08:00", "2024-03-05T03:00:00Z")).isEqualTo("2024-03-05T03:00:00Z");
        assertThat(HttpSourceReader.later("2024-03-05T10:00:00", "2024-03-05T09:59:59.999")).isEqualTo("2024-03-05T10:00:00");
        assertThat(HttpSourceReader.later("9", "10")).isEqualTo("10");
        assertThat(HttpSourceReader.later(null, "10")).isEqualTo("10");
        assertThat(HttpSourceReader.later("b", "a")).isEqualTo("b");
        assertThat(HttpSourceReader.text(new BigDecimal("1E+3"))).isEqualTo("1000");
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
