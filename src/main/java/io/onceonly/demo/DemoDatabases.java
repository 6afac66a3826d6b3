package io.onceonly.demo;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's department systems as embedded H2 databases (files under the data directory, open to other tools
 * while the demo runs): two townships' activity registers, seeded with what their staff typed this spring.
 */
final class DemoDatabases {
    private final Path dir;

    DemoDatabases(Path dir) {
        this.dir = dir.toAbsolutePath();
    }

    String url(String system) {
        return "jdbc:h2:file:" + dir.resolve(system) + ";AUTO_SERVER=TRUE";
    }

    /** Creates and seeds the township systems on the first run; later runs keep what is there. */
    void seed() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("township-a")); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS HD_HDJL (
                      HDBH INT PRIMARY KEY,          -- 活动编号
                      HDMC VARCHAR(200),             -- 活动名称
                      HDLX CHAR(2),                  -- 活动类型代码
                      HDRQ VARCHAR(20),              -- 活动日期, as typed
                      HDDD VARCHAR(200),             -- 活动地点
                      ZZDM VARCHAR(30),              -- 组织单位统一社会信用代码
                      ZZMC VARCHAR(200),             -- 组织单位名称
                      CYRS VARCHAR(10),              -- 参与人数, as typed
                      LXDH VARCHAR(30),              -- 联系电话
                      GXSJ TIMESTAMP DEFAULT LOCALTIMESTAMP NOT NULL)""");
            if (count(c, "HD_HDJL") == 0) {
                insertA(c, 1, "春节文艺汇演", "01", "20240210", "街道文化站大礼堂", "91320115MA1XK3R2TA", "秣陵街道文化站", "320", "13912345678");
                insertA(c, 2, "非遗剪纸作品展", "02", "20240305", "社区文化活动中心二楼展厅", "52320115MJ57836109", "江宁区非遗保护协会", "150", "025-52101234");
                insertA(c, 3, "老年人防诈骗讲座", "03", "2024年3月12日", "幸福里社区居委会会议室", "12320115466002378G", "秣陵派出所", "60", "025 5210 5678");
                insertA(c, 4, "全民健身广场舞比赛", "04", "20240420", "秣陵广场", "51320115MJ57H92358", "秣陵街道文体中心", "２００", "13812340001");
                insertA(c, 5, "端午节包粽子活动", "05", "20240610", "新时代文明实践站", "91320115MA1N8Q6L01", "秣陵街道新时代文明实践所", "80", "13812340002");
                insertA(c, 6, "关爱空巢老人志愿服务", "06", "20240615", "幸福里社区", "52320115MJ57836109", "青年志愿者协会", "25", "13812340003");
            }
        }
        try (Connection c = DriverManager.getConnection(url("township-b")); Statement st = c.createStatement()) {
            st.execute("""
                    CREATE TABLE IF NOT EXISTS activity (
                      id INT PRIMARY KEY,
                      name VARCHAR(200),
                      kind VARCHAR(20),
                      held_on VARCHAR(20),
                      place VARCHAR(200),
                      organizer VARCHAR(200),
                      attendance INT,
                      updated_at TIMESTAMP DEFAULT LOCALTIMESTAMP NOT NULL)""");
            if (count(c, "activity") == 0) {
                insertB(c, 1, "元宵灯谜会", "节庆", "2024年2月24日", "谷里文化广场", "谷里街道文化站", 400);
                insertB(c, 2, "农民画展览", "展览", "2024/4/8", "谷里街道文化站展厅", "谷里农民画协会", 120);
                insertB(c, 3, "红色电影进社区", "演出", "2024年5月18日", "张溪社区广场", "谷里街道党工委", 180);
            }
        }
    }

    /** A new activity typed once, into township A's own system; date as its clerk types it. */
    void addTownshipAActivity(int id, String title, String typedDate) throws SQLException {
        try (Connection c = DriverManager.getConnection(url("township-a"))) {
            insertA(c, id, title, "01", typedDate, "街道文化站大礼堂", "91320115MA1XK3R2TA", "秣陵街道文化站", "120", "13912345678");
        }
    }

    int nextTownshipAId() throws SQLException {
        try (Connection c = DriverManager.getConnection(url("township-a"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(HDBH), 0) + 1 FROM HD_HDJL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Rows in a table, or -1 when it does not exist yet (a subscriber's table appears with its first record). */
    int rows(String system, String table) {
        try (Connection c = DriverManager.getConnection(url(system))) {
            return count(c, table);
        } catch (SQLException e) {
            return -1;
        }
    }

    private static int count(Connection c, String table) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static void insertA(Connection c, int id, String title, String type, String date, String venue,
                                String orgCode, String orgName, String people, String phone) throws SQLException {
        insert(c, "INSERT INTO HD_HDJL (HDBH, HDMC, HDLX, HDRQ, HDDD, ZZDM, ZZMC, CYRS, LXDH) VALUES (?,?,?,?,?,?,?,?,?)",
                id, title, type, date, venue, orgCode, orgName, people, phone);
    }

    private static void insertB(Connection c, int id, String name, String kind, String date, String place,
                                String organizer, int attendance) throws SQLException {
        insert(c, "INSERT INTO activity (id, name, kind, held_on, place, organizer, attendance) VALUES (?,?,?,?,?,?,?)",
                id, name, kind, date, place, organizer, attendance);
    }

    /** One row, each value bound in order: an Integer as an INT, a String as text. */
    private static void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }
}
