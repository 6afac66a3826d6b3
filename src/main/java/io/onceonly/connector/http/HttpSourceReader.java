package io.onceonly.connector.http;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.onceonly.failure.FailureClassifier;
import io.onceonly.failure.FailureKind;
import io.onceonly.normalize.RecordMapper;
import io.onceonly.source.JsonRecords;
import io.onceonly.source.RawBatch;
import io.onceonly.source.RawRecord;
import io.onceonly.source.SourcePosition;
import io.onceonly.source.SourceReadException;
import io.onceonly.source.SourceReader;

/**
 * Polls a JSON REST API page by page. One poll reads pages until the last; each page is one batch, published with
 * a position that makes a restart safe: during a poll it holds the since-value the poll started with (and the page
 * number), and only the last page carries the new high-water mark. A restart, or a page whose batch was not
 * committed, starts the poll over; pages read again hold unchanged records, which are not published twice.
 * Without a since parameter each poll reads everything and its last page ends a snapshot, so entities the API no
 * longer lists are published as deletions.
 */
final class HttpSourceReader implements SourceReader {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSourceReader.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();
    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };
    private static final Pattern CHARSET = Pattern.compile("(?i)charset=\"?([^\";\\s]+)");
    private static final int SHOWN_VALUE_CHARS = 200;

    private final String source;
    private final HttpSourceSettings settings;
    private final HttpClient client;
    private final Clock clock;
    /** The poll in progress; null between polls. */
    private Poll poll;
    /** The API asked (Retry-After) not to be called before this instant. */
    private Instant notBefore;

    HttpSourceReader(String source, HttpSourceSettings settings) {
        this(source, settings, Clock.systemUTC());
    }

    HttpSourceReader(String source, HttpSourceSettings settings, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.clock = clock;
        // Redirects are not followed: the auth header must not travel to an address nobody registered.
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One page of a poll as the API gave it: its number in the poll, the records array, and whether more follow. */
    private record Page(int number, List<JsonNode> elements, boolean more) {
    }

    /** The state of one poll: what it started from, where the next request goes, and the pages read ahead. */
    private final class Poll {
        final String startSince;
        /** The position the pipeline holds when the last batch of this poll was committed. */
        SourcePosition expectedAfter;
        String highWater;
        int requests;
        int nextPage = settings.firstPage();
        long nextOffset;
        String nextCursor;
        boolean exhausted;
        int recordsRead;
        List<JsonNode> previousElements;
        final Set<String> cursorsSeen = new HashSet<>();
        final Deque<Page> ahead = new ArrayDeque<>();

        Poll(SourcePosition after) {
            this.startSince = settings.incremental() && after != null ? after.get("since") : null;
            this.expectedAfter = after;
        }
    }

    /**
     * The next page of the poll in progress, or the first page of a new poll. {@code max} does not apply: a page is
     * as large as the API makes it ({@code pageSize}), and it is published in one transaction.
     */
    @Override
    public RawBatch read(SourcePosition after, int max) throws IOException, InterruptedException {
        Instant now = clock.instant();
        if (notBefore != null && now.isBefore(notBefore)) {
            throw new SourceReadException("Source " + source + ": " + settings.shownUrl() + " asked (Retry-After) not to be "
                    + "called again before " + notBefore + ", " + Duration.between(now, notBefore).toSeconds()
                    + " s from now. The poll resumes then; nothing is committed meanwhile.", notBefore, null);
        }
        if (poll != null && !Objects.equals(after, poll.expectedAfter)) {
            // The page handed out last was not committed (its publish failed): read the poll again from the start.
            LOG.info("Source {}: the last page read was not committed; the poll starts over", source);
            poll = null;
        }
        if (poll == null) {
            poll = new Poll(after);
        }
        Poll p = poll;
        if (p.ahead.isEmpty()) {
            fetchNext(p);
        }
        Page page = p.ahead.peekFirst();
        boolean last = !page.more();
        if (!last) {
            // Read one page ahead: the high-water mark must travel with the last page that has records.
            if (p.ahead.size() < 2) {
                fetchNext(p);
            }
            Page next = p.ahead.stream().skip(1).findFirst().orElseThrow();
            last = next.elements().isEmpty() && !next.more();
        }
        p.ahead.removeFirst();
        List<JsonNode> elements = page.elements();
        p.recordsRead += elements.size();
        List<RawRecord> records = new ArrayList<>(elements.size());
        List<Map<String, Object>> fields = new ArrayList<>(elements.size());
        for (JsonNode element : elements) {
            Map<String, Object> columns = element.isObject() ? JSON.convertValue(element, FIELDS) : null;
            fields.add(columns);
            if (columns != null && settings.incremental()) {
                p.highWater = later(p.highWater, text(RecordMapper.lookup(columns, settings.sinceField())));
            }
        }
        SourcePosition position = last ? finalPosition(p, page) : inPollPosition(p, page);
        for (int i = 0; i < elements.size(); i++) {
            records.add(record(page, i, elements.get(i), fields.get(i), position));
        }
        p.expectedAfter = records.isEmpty() ? p.expectedAfter : position;
        boolean endsSnapshot = false;
        if (last) {
            poll = null;
            if (!settings.incremental()) {
                // An API that answers "no records at all" is more often broken than emptied: deleting every entity
                // on its word would be worse than noticing a real emptying one poll late.
                endsSnapshot = p.recordsRead > 0;
                if (!endsSnapshot) {
                    LOG.warn("Source {}: {} listed no records at all; not taken as \"every record was deleted\".",
                            source, settings.shownUrl());
                }
            } else if (p.recordsRead > 0 && p.highWater == null) {
                LOG.warn("Source {}: no record read has a value in sinceField '{}', so the next poll reads everything "
                        + "again. Check spec.from.sinceField.", source, settings.sinceField());
            }
        }
        return new RawBatch(records, !last, endsSnapshot);
    }

    private RawRecord record(Page page, int i, JsonNode element, Map<String, Object> columns, SourcePosition position) {
        String place = "page " + page.number() + " #" + (i + 1);
        if (columns == null) {
            String value = element.toString();
            return RawRecord.unreadable(place, position, new RecordMapper.Rejection("record",
                    value.length() > SHOWN_VALUE_CHARS ? value.substring(0, SHOWN_VALUE_CHARS) + "..." : value,
                    "is " + kind(element) + ", not a JSON object of fields (" + place + " of the poll, at "
                            + settings.recordsPointer() + "/" + i + " in the response). Fix it at the source; "
                            + "the other records are not held up.", "not-an-object"));
        }
        String id = settings.idField() == null ? null : text(RecordMapper.lookup(columns, settings.idField()));
        return new RawRecord(id == null || id.isBlank() ? place : id, columns, position);
    }

    private SourcePosition inPollPosition(Poll p, Page page) {
        Map<String, String> values = new LinkedHashMap<>();
        if (p.startSince != null) {
            values.put("since", p.startSince);
        }
        values.put("page", Integer.toString(page.number()));
        return SourcePosition.of(values);
    }

    private SourcePosition finalPosition(Poll p, Page page) {
        Map<String, String> values = new LinkedHashMap<>();
        if (settings.incremental()) {
            String mark = later(p.startSince, p.highWater);
            if (mark != null) {
                values.put("since", mark);
            }
        } else {
            values.put("pages", Integer.toString(page.number()));
        }
        return SourcePosition.of(values);
    }

    /** Requests the next page and queues it; empty pages that say more follow (cursor APIs) are passed over. */
    private void fetchNext(Poll p) throws IOException, InterruptedException {
        while (true) {
            if (p.exhausted) {
                throw new IllegalStateException("Source " + source + ": no page after the last one");
            }
            URI uri = nextUri(p);
            int number = p.requests + 1;
            JsonNode body = get(uri, number);
            List<JsonNode> elements = records(body, uri);
            boolean more;
            switch (settings.pagination()) {
                case NONE -> more = false;
                case PAGE, OFFSET -> {
                    more = !elements.isEmpty();
                    if (more && elements.equals(p.previousElements)) {
                        more = false;
                        elements = List.of();
                        if (number == 2 && p.previousElements.size() >= settings.pageSize()) {
                            throw new SourceReadException("Source " + source + ": " + settings.shownUrl()
                                    + " gave the same records for the second page as for the first. It seems to "
                                    + "ignore the query parameter '" + (settings.pagination() == HttpSourceSettings.Pagination.PAGE
                                    ? settings.pageParam() : settings.offsetParam()) + "'; check spec.from.pagination "
                                    + "and its parameter names against the API's documentation.");
                        }
                        // Past its last page the API repeats the last one (it clamps the page number): that is the end.
                    }
                    if (settings.pagination() == HttpSourceSettings.Pagination.PAGE) {
                        p.nextPage++;
                    } else {
                        p.nextOffset += elements.size();
                    }
                }
                case CURSOR -> {
                    JsonNode next = body.at(settings.nextCursorPointer());
                    String cursor = next.isValueNode() && !next.isNull() ? next.asText() : null;
                    more = cursor != null && !cursor.isEmpty();
                    if (more && !p.cursorsSeen.add(cursor)) {
                        throw new SourceReadException("Source " + source + ": " + settings.shownUrl() + " named a next "
                                + "cursor it had already named in this poll (at " + settings.nextCursorPointer()
                                + "), so the pages would go round in a circle. Check spec.from.nextCursorPointer.");
                    }
                    p.nextCursor = more ? cursor : null;
                }
                default -> throw new IllegalStateException("pagination " + settings.pagination());
            }
            p.requests = number;
            p.previousElements = elements;
            p.exhausted = !more;
            if (elements.isEmpty() && more) {
                continue;
            }
            p.ahead.addLast(new Page(number, elements, more));
            return;
        }
    }

    private URI nextUri(Poll p) throws SourceReadException {
        URI base = settings.url();
        Map<String, String> params = new LinkedHashMap<>();
        switch (settings.pagination()) {
            case NONE -> {
            }
            case PAGE -> {
                params.put(settings.pageParam(), Integer.toString(p.nextPage));
                size(params);
            }
            case OFFSET -> {
                params.put(settings.offsetParam(), Long.toString(p.nextOffset));
                size(params);
            }
            case CURSOR -> {
                if (p.nextCursor != null && isLink(p.nextCursor)) {
                    // A "next" link (as OData, DRF and others give): follow it as it is, on the registered server only.
                    URI link = base.resolve(p.nextCursor);
                    if (!Objects.equals(link.getScheme(), base.getScheme()) || !Objects.equals(link.getHost(), base.getHost())
                            || link.getPort() != base.getPort()) {
                        throw new SourceReadException("Source " + source + ": the next page is on another server ("
                                + link.getScheme() + "://" + link.getHost() + "), and the auth header is sent only to "
                                + settings.shownUrl() + "'s. Register the API under the address its links use.");
                    }
                    return link;
                }
                size(params);
                if (p.nextCursor != null) {
                    params.put(settings.cursorParam(), p.nextCursor);
                }
            }
            default -> throw new IllegalStateException("pagination " + settings.pagination());
        }
        if (settings.incremental() && p.startSince != null) {
            params.put(settings.sinceParam(), p.startSince);
        }
        StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        params.forEach((k, v) -> {
            if (query.length() > 0) {
                query.append('&');
            }
            query.append(encode(k)).append('=').append(encode(v));
        });
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + (base.getRawPath() == null ? "" : base.getRawPath())
                + (query.length() == 0 ? "" : "?" + query));
    }

    private void size(Map<String, String> params) {
        if (settings.sizeParam() != null) {
            params.put(settings.sizeParam(), Integer.toString(settings.pageSize()));
        }
    }

    /** The largest page read from an API, as for a push: a page is one request's worth of records. */
    static final int MAX_PAGE_BYTES = io.onceonly.source.JsonRecords.MAX_BODY_BYTES;

    private static boolean isLink(String cursor) {
        return cursor.startsWith("http://") || cursor.startsWith("https://") || cursor.startsWith("/");
    }

    private static String encode(String s) {
        // Form encoding writes a space as '+'; in a query '+' may be read as itself, so spell it %20.
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode get(URI uri, int number) throws IOException, InterruptedException {
        String what = "Source " + source + ": GET " + HttpSourceSettings.shown(uri) + " (page " + number + " of the poll)";
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Accept", "application/json").GET();
        if (settings.authToken() != null) {
            request.header(settings.authHeader(), settings.authToken());
        }
        HttpResponse<java.io.InputStream> response;
        byte[] page;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            // At most one byte more than the limit: a larger page is refused, never held whole.
            try (java.io.InputStream in = response.body()) {
                page = in.readNBytes(MAX_PAGE_BYTES + 1);
            }
        } catch (HttpTimeoutException e) {
            throw new SourceReadException(what + " had no answer within " + settings.timeout().toSeconds() + " s. "
                    + "Retried with backoff; nothing is committed until the page is read.", null, e);
        } catch (ConnectException e) {
            throw new SourceReadException(what + " could not connect: '" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + "'. Retried with backoff; nothing is "
                    + "committed until the API answers.", null, e);
        } catch (IOException e) {
            throw new SourceReadException(what + " failed: '" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()) + "'. Retried with backoff.", null, e);
        }
        int status = response.statusCode();
        String contentType = response.headers().firstValue("Content-Type").orElse("none");
        if (status == 401 || status == 403) {
            throw new SourceReadException(what + " was refused with HTTP " + status + ". "
                    + (settings.authToken() == null
                    ? "No credentials are sent: set spec.from.authToken to a reference such as \"Bearer {{env:API_TOKEN}}\"."
                    : "Check the secret that spec.from.authToken references (sent in header " + settings.authHeader()
                    + ") and that it may read this API. Retried on every poll."));
        }
        if (status / 100 != 2 && FailureClassifier.ofHttpStatus(status) == FailureKind.UNAVAILABLE) {
            Optional<Instant> retryAt = retryAfter(response.headers().firstValue("Retry-After"), clock.instant());
            retryAt.ifPresent(at -> notBefore = at);
            throw new SourceReadException(what + " answered HTTP " + status + ". " + retryAt
                    .map(at -> "It asked to retry after " + at + "; no request is made before then.")
                    .orElse("Retried with backoff; nothing is committed until the page is read."), retryAt.orElse(null), null);
        }
        if (status / 100 == 3) {
            String location = response.headers().firstValue("Location").map(l -> {
                try {
                    return HttpSourceSettings.shown(uri.resolve(l));
                } catch (IllegalArgumentException e) {
                    return "an address that is not valid";
                }
            }).orElse("nowhere");
            throw new SourceReadException(what + " answered HTTP " + status + ", a redirect to " + location
                    + ". Redirects are not followed, so credentials go only where registered: set spec.from.url to "
                    + "the address it names.");
        }
        if (status / 100 != 2) {
            throw new SourceReadException(what + " answered HTTP " + status + " (content type '" + contentType + "'). "
                    + "Check spec.from.url and the query parameter names of spec.from against the API's documentation.");
        }
        if (page.length > MAX_PAGE_BYTES) {
            throw new SourceReadException(what + " answered a page of more than " + MAX_PAGE_BYTES + " bytes, the limit "
                    + "for one page. Ask for fewer records a page (spec.from.pageSize) so each page stays under it.");
        }
        JsonNode body;
        try {
            Charset charset = charset(contentType);
            // Decoded strictly, never by the parser's guess: a bad byte must stop the page, not become U+FFFD.
            body = JSON.readTree(JsonRecords.decode(page, charset == null ? StandardCharsets.UTF_8 : charset));
        } catch (JsonRecords.UndecodableBytes e) {
            throw new SourceReadException(what + " answered HTTP " + status + " with content type '" + contentType
                    + "' and a body that is not text in that encoding: " + e.getMessage() + ". Ask the API's owners to "
                    + "send UTF-8, or to name the encoding they send in the Content-Type header.");
        } catch (JsonProcessingException e) {
            // Not the parser's message: it quotes the text, which may be anything.
            throw new SourceReadException(what + " answered HTTP " + status + " with content type '" + contentType
                    + "' and a body that is not JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "). Check spec.from.url: it must name the API's JSON list endpoint.");
        }
        if (body == null || body.isMissingNode()) {
            throw new SourceReadException(what + " answered HTTP " + status + " with content type '" + contentType
                    + "' and an empty body. Check spec.from.url: it must name the API's JSON list endpoint.");
        }
        return body;
    }

    private List<JsonNode> records(JsonNode body, URI uri) throws SourceReadException {
        JsonNode array = body.at(settings.recordsPointer());
        if (array.isNull()) {
            return List.of(); // "items": null is how some APIs say "none"
        }
        if (!array.isArray()) {
            throw new SourceReadException("Source " + source + ": GET " + HttpSourceSettings.shown(uri)
                    + " answered JSON without an array at recordsPointer '" + settings.recordsPointer() + "': found "
                    + (array.isMissingNode() ? "nothing" : kind(array)) + ". Check spec.from.recordsPointer against a "
                    + "response of the API (\"\" when the response itself is the array).");
        }
        List<JsonNode> elements = new ArrayList<>(array.size());
        array.forEach(elements::add);
        return elements;
    }

    private static Charset charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        try {
            return Charset.forName(m.group(1));
        } catch (IllegalArgumentException e) {
            return null; // unknown name: let the parser detect the Unicode encoding
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Retry-After as seconds or as an HTTP date, as the instant after which the API may be called. */
    static Optional<Instant> retryAfter(Optional<String> header, Instant now) {
        return header.map(String::trim).flatMap(v -> {
            try {
                // Up to the next whole second: the instant is shown in messages, and waiting a little longer is fine.
                Instant at = now.plusSeconds(Math.max(0, Long.parseLong(v)));
                return Optional.of(at.getNano() == 0 ? at : at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1));
            } catch (NumberFormatException notSeconds) {
                try {
                    return Optional.of(ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                } catch (DateTimeParseException notDate) {
                    return Optional.empty();
                }
            }
        });
    }

    /** A since-value as text: numbers without exponent, the rest as the API wrote it. */
    static String text(Object value) {
        if (value == null || value instanceof Map || value instanceof List) {
            return null;
        }
        return value instanceof BigDecimal d ? d.toPlainString() : value.toString();
    }

    /**
     * The later of two since-values; null counts as earliest. Compared as instants, date-times, dates or numbers when
     * both read as one, else as text, so ISO-8601 values in one format and zone also order correctly as text.
     */
    static String later(String a, String b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return compare(a, b) >= 0 ? a : b;
    }

    static int compare(String a, String b) {
        List<Function<String, Comparable<?>>> readings = List.of(
                s -> OffsetDateTime.parse(s).toInstant(),
                LocalDateTime::parse,
                LocalDate::parse,
                BigDecimal::new);
        for (Function<String, Comparable<?>> reading : readings) {
            Comparable<?> x = parse(reading, a);
            Comparable<?> y = parse(reading, b);
            if (x != null && y != null) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                int c = ((Comparable) x).compareTo(y);
                return c;
            }
        }
        return a.compareTo(b);
    }

    private static Comparable<?> parse(Function<String, Comparable<?>> reading, String s) {
        try {
            return reading.apply(s);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient on Java 17 has no close; its threads are daemons
    }
}
