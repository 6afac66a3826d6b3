package io.onceonly.bench;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.onceonly.testing.Resources;

/**
 * Safety hazard reports as a township's grid system exports them (15 columns, Chinese dates, full-width digits,
 * spaced phone numbers, code lists), mapped onto {@code safety-hazard-report/v1}: the data of every benchmark.
 * Row {@code i} is the same wherever it is used (in memory, in a PostgreSQL table, in a COPY stream).
 */
final class HazardReports {
    static final String SCHEMA = "safety-hazard-report/v1";
    /** The 15 columns of the export, in table order. */
    static final List<String> COLUMNS = List.of("YHBH", "SBSJ", "YHLX", "YHDJ", "YHMS", "XZQH", "WZMS", "JD", "WD",
            "QYDM", "SBR", "LXDH", "ZT", "ZGQX", "BZ");
    /** The 14 schema fields the mapping fills (photo_urls would need an array, which RecordMapper cannot make). */
    static final List<String> FIELDS = List.of("report_id", "reported_at", "hazard_type", "severity", "description",
            "division_code", "location_description", "longitude", "latitude", "enterprise_id", "reporter_name",
            "reporter_phone", "status", "rectify_deadline");

    static final String[] DIVISIONS = {"330106004001", "510112102201", "442000106003"};
    // Valid GB 32100 codes from the schema examples.
    static final String[] CREDIT_CODES = {"91350100m000100y43", "91442000MA4UXK2P19", "92510112MA6CN8Q172",
        "93510112ma62l7dp01", "1133010600251234XN"};
    static final String[] DESCRIPTIONS = {
        " 楼道内堆放大量纸箱和废旧家具，堵塞安全出口，且有电动自行车在楼道内充电。 ",
        "后山边坡出现裂缝，雨季有滑坡风险，坡下有３户居民。",
        "喷涂车间内存放稀释剂超过一昼夜用量，未设置专用储存间，  静电接地缺失。",
        "沿街餐饮店液化气钢瓶与灶具间距不足，软管老化开裂。"};
    static final String[] LOCATIONS = {"星光社区文三路12号3幢2单元一楼楼道", "和协村5组后山边坡",
        "古镇镇海洲村东堤路工业区某灯饰厂喷涂车间", "文一西路 88 号 一楼 餐馆后厨"};
    static final String[] NAMES = {"孙丽萍", "王建国", " 梁伟文 ", "陈晓燕"};
    static final String[] PHONES = {"150 8871 2345", "+86 139-1234-5678", "0571-8765 4321", "１３８１２３４５６７８"};
    private static final String[] TYPES = {"01", "02", "03", "06", "07"};
    private static final String[] STATUSES = {"1", "2", "5"};

    private HazardReports() {
    }

    /** The report id of row {@code i}; its last 8 characters are {@code i}, so sinks can be checked by number. */
    static String reportId(long i) {
        return "XHZ-YH-" + String.format("%08d", i);
    }

    /** The row number in a report id (or CloudEvents subject) made by {@link #reportId}. */
    static int number(String reportId) {
        return Integer.parseInt(reportId.substring(reportId.length() - 8));
    }

    /** {@code source} with the {@code map} of these columns. */
    static Resources.Source mapped(Resources.Source source) {
        return source.schema(SCHEMA)
                .mapFrom("report_id", "YHBH")
                .map("reported_at", "from", "SBSJ", "type", "datetime",
                        "formats", List.of("yyyy年M月d日 H:mm", "yyyyMMddHHmmss", "yyyy-M-d H:mm:ss"))
                .map("hazard_type", "from", "YHLX", "values", Map.of("01", "fire", "02", "gas", "03", "electrical",
                        "06", "flood_geological", "07", "hazardous_chemicals"))
                .map("severity", "from", "YHDJ", "values", Map.of("一般", "general", "重大", "major"))
                .mapFrom("description", "YHMS")
                .map("division_code", "from", "XZQH", "type", "division-code")
                .mapFrom("location_description", "WZMS")
                .mapFrom("longitude", "JD")
                .mapFrom("latitude", "WD")
                .map("enterprise_id", "from", "QYDM", "type", "social-credit-code")
                .mapFrom("reporter_name", "SBR")
                .map("reporter_phone", "from", "LXDH", "type", "phone")
                .map("status", "from", "ZT", "values", Map.of("1", "reported", "2", "assigned", "5", "closed"))
                .map("rectify_deadline", "from", "ZGQX", "type", "date", "formats", List.of("yyyyMMdd", "yyyy年M月d日"));
    }

    /** Row i, with the mix of formats one export really holds. {@code jdbcTypes}: coordinates always as BigDecimal. */
    static Map<String, Object> row(long n, boolean jdbcTypes) {
        int i = (int) (n % 1_000_000_007L);
        int day = 1 + i % 28;
        int month = 1 + i % 12;
        int hour = i % 24;
        int minute = i % 60;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("YHBH", reportId(n));
        row.put("SBSJ", switch (i % 3) {
            case 0 -> "2024年" + month + "月" + day + "日 " + hour + ":" + two(minute);
            case 1 -> "2024" + two(month) + two(day) + two(hour) + two(minute) + "00";
            default -> "2024-" + month + "-" + day + " " + hour + ":05:00";
        });
        row.put("YHLX", TYPES[i % 5]);
        row.put("YHDJ", i % 10 == 0 ? "重大" : "一般");
        row.put("YHMS", DESCRIPTIONS[i % DESCRIPTIONS.length]);
        String division = DIVISIONS[i % DIVISIONS.length];
        row.put("XZQH", i % 2 == 0 ? fullWidth(division) : division);
        row.put("WZMS", LOCATIONS[i % LOCATIONS.length]);
        if (i % 4 != 3) { // a quarter of reports come without coordinates
            // JDBC hands numeric columns over as BigDecimal, CSV and Excel imports as text.
            BigDecimal lon = new BigDecimal("120.1378").add(BigDecimal.valueOf(i % 10_000, 4));
            BigDecimal lat = new BigDecimal("30.2786").subtract(BigDecimal.valueOf(i % 10_000, 4));
            row.put("JD", jdbcTypes || i % 2 == 0 ? lon : lon.toPlainString());
            row.put("WD", jdbcTypes || i % 2 == 0 ? lat : lat.toPlainString());
        } else {
            row.put("JD", null);
            row.put("WD", null);
        }
        row.put("QYDM", i % 3 == 0 ? null : CREDIT_CODES[i % CREDIT_CODES.length]);
        row.put("SBR", NAMES[i % NAMES.length]);
        row.put("LXDH", PHONES[i % PHONES.length]);
        row.put("ZT", STATUSES[i % 3]);
        row.put("ZGQX", switch (i % 3) {
            case 0 -> "2024" + two(month) + two(day);
            case 1 -> "2024年" + month + "月" + day + "日";
            default -> null;
        });
        row.put("BZ", i % 2 == 0 ? "网格员上报" : "");
        return row;
    }

    /** PostgreSQL table of the export: the 15 columns, a numeric id and a change time with an index to page by. */
    static String createTable(String table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table).append(" (id BIGINT PRIMARY KEY");
        for (String c : COLUMNS) {
            sql.append(", ").append(c).append(c.equals("JD") || c.equals("WD") ? " NUMERIC(10,4)" : " TEXT");
        }
        return sql.append(", updated_at TIMESTAMP NOT NULL DEFAULT LOCALTIMESTAMP)").toString();
    }

    /** Row i as one line of PostgreSQL COPY CSV: id, then the 15 columns (empty unquoted is NULL). */
    static void appendCsv(StringBuilder out, long i) {
        out.append(i);
        for (Object v : row(i, true).values()) {
            out.append(',');
            if (v instanceof BigDecimal d) {
                out.append(d.toPlainString());
            } else if (v != null) {
                out.append('"').append(v.toString().replace("\"", "\"\"")).append('"');
            }
        }
        out.append('\n');
    }

    private static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }

    private static String fullWidth(String digits) {
        StringBuilder out = new StringBuilder(digits.length());
        digits.chars().forEach(c -> out.append((char) (c + 0xFEE0)));
        return out.toString();
    }
}
