package io.onceonly.connector.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonPointer;

import io.onceonly.config.ConfigurationException;
import io.onceonly.config.Durations;
import io.onceonly.config.Problem;
import io.onceonly.connector.ConnectorOptions;
import io.onceonly.connector.ConnectorType;

/** Options of an HTTP source (a JSON REST API), as {@link HttpSourceConnector} declares them; placeholders resolved. */
public record HttpSourceSettings(URI url, JsonPointer recordsPointer, Pagination pagination, String pageParam,
                                 int firstPage, String sizeParam, int pageSize, String offsetParam, String cursorParam,
                                 JsonPointer nextCursorPointer, String sinceParam, String sinceField, String idField,
                                 String authHeader, String authToken, Duration timeout) {

    /** How the API splits its records into pages. */
    public enum Pagination {
        /** One response holds every record. */
        NONE,
        /** Numbered pages: {@code page=1&size=100}, then page 2, until a page is empty. */
        PAGE,
        /** Record offsets: {@code offset=0&size=100}, then offset 100, until a page is empty. */
        OFFSET,
        /** Each response names the next one: {@code cursor=<value at nextCursorPointer>}, until there is none. */
        CURSOR
    }

    private static final ConnectorType TYPE = new HttpSourceConnector();
    private static final String QUERY_NAME = "[A-Za-z0-9_.~\\[\\]-]+";
    private static final String FIELD_PATH = "[^.\\s]+(\\.[^.\\s]+)*";
    /** RFC 9110 token: what a header name may be made of. */
    private static final String HEADER_NAME = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";

    /** Whether each poll asks only for what changed since the last one; otherwise each poll reads everything. */
    public boolean incremental() {
        return sinceParam != null;
    }

    /** The URL as messages show it: without user info and query, which may hold secrets. */
    public String shownUrl() {
        return shown(url);
    }

    static String shown(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
    }

    public static HttpSourceSettings from(String sourceName, Map<String, String> written) {
        Map<String, String> options = ConnectorOptions.of(TYPE, written).values();
        List<Problem> problems = new ArrayList<>();

        URI url = null;
        String urlText = options.get("url");
        try {
            URI u = new URI(urlText);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || u.getHost() == null) {
                problems.add(new Problem("spec.from.url", "is '" + (u.getHost() == null ? urlText.replaceAll("\\?.*", "")
                        : shown(u)) + "'", null, "Use the http or https address of the API's list endpoint, for example "
                        + "https://api.township-a.example/v1/activities or \"{{env:TOWNSHIP_A_API}}\"."));
            } else {
                url = u;
            }
        } catch (URISyntaxException e) {
            // The text may hold a secret in its query; show only what comes before it.
            problems.add(new Problem("spec.from.url", "is not a valid address (" + e.getReason() + ")",
                    urlText.replaceAll("\\?.*", ""), "Write it as https://host/path?fixed=params."));
        }

        JsonPointer recordsPointer = pointer(options.get("recordsPointer"), "recordsPointer", problems);

        Pagination pagination = null;
        String paginationText = options.get("pagination");
        try {
            pagination = Pagination.valueOf(paginationText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("spec.from.pagination", "is '" + paginationText + "'", null, "Use none (one response "
                    + "holds everything), page (numbered pages), offset (record offsets) or cursor (each response names "
                    + "the next)."));
        }

        String pageParam = queryName(options, "pageParam", pagination == Pagination.PAGE, problems);
        String sizeParam = queryName(options, "sizeParam", false, problems);
        String offsetParam = queryName(options, "offsetParam", pagination == Pagination.OFFSET, problems);
        String cursorParam = queryName(options, "cursorParam", pagination == Pagination.CURSOR, problems);
        String sinceParam = queryName(options, "sinceParam", false, problems);
        int firstPage = integer(options, "firstPage", 0, problems);
        int pageSize = integer(options, "pageSize", 1, problems);

        JsonPointer nextCursorPointer = null;
        String nextCursorText = options.get("nextCursorPointer");
        if (pagination == Pagination.CURSOR) {
            if (nextCursorText.isEmpty()) {
                problems.add(new Problem("spec.from.nextCursorPointer", "is missing; pagination: cursor needs it", null,
                        "Give the JSON Pointer of the next page's cursor in a response, for example /next or "
                        + "/meta/next_cursor."));
            } else {
                nextCursorPointer = pointer(nextCursorText, "nextCursorPointer", problems);
            }
        } else if (!nextCursorText.isEmpty() && pagination != null) {
            problems.add(new Problem("spec.from.nextCursorPointer", "is '" + nextCursorText + "' but pagination is "
                    + paginationText, null, "Remove it, or use pagination: cursor."));
        }

        String sinceField = emptyToNull(options.get("sinceField"));
        if (sinceParam != null && sinceField == null) {
            problems.add(new Problem("spec.from.sinceField", "is missing; sinceParam '" + sinceParam + "' needs it", null,
                    "Name the record field whose largest value is sent as " + sinceParam + " on the next poll, for "
                    + "example updated_at."));
        } else if (sinceParam == null && sinceField != null) {
            problems.add(new Problem("spec.from.sinceField", "is '" + sinceField + "' but sinceParam is empty, so it would "
                    + "not be used", null, "Set sinceParam to the query parameter the API filters by, or remove "
                    + "sinceField."));
        }
        fieldPath(sinceField, "sinceField", problems);
        String idField = emptyToNull(options.get("idField"));
        fieldPath(idField, "idField", problems);

        if (url != null && url.getRawQuery() != null) {
            for (String name : new String[] {pageParam, sizeParam, offsetParam, cursorParam, sinceParam}) {
                if (name != null && setBy(url.getRawQuery(), name) && sets(pagination, name, pageParam, offsetParam,
                        cursorParam, sizeParam, sinceParam)) {
                    problems.add(new Problem("spec.from.url", "sets query parameter '" + name + "', which the hub sets on "
                            + "each request", null, "Remove it from the url."));
                }
            }
        }

        String authHeader = emptyToNull(options.get("authHeader"));
        String authToken = emptyToNull(options.get("authToken"));
        if (authHeader != null && !validHeaderName(authHeader)) {
            problems.add(new Problem("spec.from.authHeader", "is '" + authHeader + "'", null, "Use a header name such as "
                    + "Authorization or X-Api-Key (letters, digits and -; not Host, Connection, Content-Length, Expect "
                    + "or Upgrade)."));
        }
        if (authToken != null) {
            if (authHeader == null) {
                problems.add(new Problem("spec.from.authToken", "is set but authHeader is empty", null, "Name the header "
                        + "that carries it, for example Authorization."));
            }
            // Never echo the value: it is a secret.
            if (authToken.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                problems.add(new Problem("spec.from.authToken", "resolves to a value with a line break or other control "
                        + "character", null, "Check the secret it references: it must be a single line."));
            }
        }

        Duration timeout = duration(options, "timeout", problems);
        duration(options, "every", problems);

        if (!problems.isEmpty()) {
            throw ConfigurationException.of("Source " + sourceName + " has bad HTTP options", problems);
        }
        return new HttpSourceSettings(url, recordsPointer, pagination, pageParam, firstPage, sizeParam, pageSize,
                offsetParam, cursorParam, nextCursorPointer, sinceParam, sinceField, idField, authHeader, authToken,
                timeout);
    }

    /** Whether the hub sends this parameter for the chosen pagination (an unused default may stay in the url). */
    private static boolean sets(Pagination p, String name, String pageParam, String offsetParam, String cursorParam,
                                String sizeParam, String sinceParam) {
        if (name.equals(sinceParam)) {
            return true;
        }
        if (p == null || p == Pagination.NONE) {
            return false;
        }
        return name.equals(sizeParam)
                || p == Pagination.PAGE && name.equals(pageParam)
                || p == Pagination.OFFSET && name.equals(offsetParam)
                || p == Pagination.CURSOR && name.equals(cursorParam);
    }

    private static boolean setBy(String rawQuery, String name) {
        for (String pair : rawQuery.split("&")) {
            String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
            if (key.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validHeaderName(String name) {
        if (!name.matches(HEADER_NAME)) {
            return false;
        }
        try {
            // The JDK client refuses the headers it sets itself; find out now rather than on the first poll.
            HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, "x");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static JsonPointer pointer(String text, String key, List<Problem> problems) {
        try {
            return JsonPointer.compile(text);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("spec.from." + key, "is '" + text + "'", null, "Use a JSON Pointer such as "
                    + "/data/items, or \"\" when the response itself is the array."));
            return null;
        }
    }

    private static String queryName(Map<String, String> options, String key, boolean required,
                                    List<Problem> problems) {
        String v = options.get(key);
        if (v.isEmpty()) {
            if (required) {
                problems.add(new Problem("spec.from." + key, "is empty but the pagination needs it", null, "Name the query "
                        + "parameter, for example " + declaredDefault(key) + "."));
            }
            return null;
        }
        if (!v.matches(QUERY_NAME)) {
            problems.add(new Problem("spec.from." + key, "is '" + v + "'", null,
                    "Use a query parameter name (letters, digits, _ . - ~ [ ])."));
        }
        return v;
    }

    private static int integer(Map<String, String> options, String key, int min, List<Problem> problems) {
        String v = options.get(key);
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(new Problem("spec.from." + key, "is '" + v + "'", null, "Use a whole number of at least " + min + "."));
        return min;
    }

    private static void fieldPath(String path, String key, List<Problem> problems) {
        if (path != null && !path.matches(FIELD_PATH)) {
            problems.add(new Problem("spec.from." + key, "is '" + path + "'", null, "Name a record field, or a nested one "
                    + "by dotted path such as meta.updated_at."));
        }
    }

    private static Duration duration(Map<String, String> options, String key, List<Problem> problems) {
        try {
            Duration d = Durations.parse(options.get(key));
            if (d.isZero() || d.isNegative()) {
                problems.add(new Problem("spec.from." + key, "is '" + options.get(key) + "'", null,
                        "Use a positive duration such as " + declaredDefault(key) + "."));
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(Durations.problem("spec.from." + key, options.get(key)));
            return null;
        }
    }

    private static String declaredDefault(String key) {
        return TYPE.option(key).orElseThrow().defaultValue();
    }

    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** Without the auth token, so that logging the settings never logs the secret. */
    @Override
    public String toString() {
        return "HttpSourceSettings[url=" + shownUrl() + ", recordsPointer=" + recordsPointer + ", pagination="
                + pagination + ", sinceParam=" + sinceParam + ", sinceField=" + sinceField + ", idField=" + idField
                + ", authHeader=" + authHeader + ", authToken=" + (authToken == null ? "none" : "(secret)") + "]";
    }
}
