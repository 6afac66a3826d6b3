package io.onceonly.testing;

import java.util.List;

/** How the tests' townships name their cultural-activity columns in export files and push clients, mapped onto the schema. */
public final class ActivityColumns {
    private ActivityColumns() {
    }

    /**
     * {@code source} mapping a township's export file (columns 编号, 活动名称, 活动日期, 地点): activities keyed
     * {@code <division>-<编号>} in division {@code <division>000}, dates in {@code dateFormats}.
     */
    public static Resources.Source exported(Resources.Source source, String division, String organizer, String category,
                                            String... dateFormats) {
        return source.map("activity_id", "template", division + "-{编号}")
                .mapFrom("title", "活动名称")
                .mapConst("category", category)
                .map("activity_date", "from", "活动日期", "type", "date", "formats", List.of(dateFormats))
                .mapFrom("venue", "地点")
                .mapConst("division_code", division + "000")
                .mapConst("organizer_name", organizer);
    }

    /**
     * {@code source} mapping a township's push client (fields record.no, title, date, venue): lectures keyed
     * {@code <division>-<record.no>} in division {@code <division>000}.
     */
    public static Resources.Source pushed(Resources.Source source, String division, String organizer) {
        return source.map("activity_id", "template", division + "-{record.no}")
                .mapFrom("title", "title")
                .mapConst("category", "lecture")
                .map("activity_date", "from", "date", "type", "date", "formats", List.of("yyyyMMdd", "yyyy年M月d日"))
                .mapFrom("venue", "venue")
                .mapConst("division_code", division + "000")
                .mapConst("organizer_name", organizer);
    }
}
