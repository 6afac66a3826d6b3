package io.onceonly.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.onceonly.hub.OnceOnlyHub;
import io.onceonly.kafka.TopicReader;
import io.onceonly.testing.ActivityColumns;
import io.onceonly.testing.HubExtension;
import io.onceonly.testing.Resources;

/** A department that publishes its exports on an FTP or SFTP server: the file source takes them from there. */
class RemoteFileSourceIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final HubExtension fixture = new HubExtension();
    @TempDir
    Path ftpHome;
    @TempDir
    Path local;
    private FtpServer ftp;
    private org.apache.sshd.server.SshServer sshd;
    private OnceOnlyHub hub;

    @AfterEach
    void stop() {
        fixture.stop(); // before what the hub talks to
        if (ftp != null) {
            ftp.stop();
        }
        if (sshd != null) {
            try {
                sshd.stop(true);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private int startSftp() throws Exception {
        sshd = org.apache.sshd.server.SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider(local.resolve("host.key")));
        sshd.setPasswordAuthenticator((user, password, session) -> user.equals("township-e") && password.equals("ftp-secret"));
        sshd.setSubsystemFactories(List.of(new org.apache.sshd.sftp.server.SftpSubsystemFactory()));
        sshd.setFileSystemFactory(new org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory(ftpHome));
        sshd.start();
        return sshd.getPort();
    }

    private int startFtp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        FtpServerFactory server = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        server.addListener("default", listener.createListener());
        var users = new PropertiesUserManagerFactory().createUserManager();
        BaseUser user = new BaseUser();
        user.setName("township-e");
        user.setPassword("ftp-secret");
        user.setHomeDirectory(ftpHome.toString());
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        server.setUserManager(users);
        ftp = server.createServer();
        ftp.start();
        return port;
    }

    @Test
    void exportsOnAnFtpServerArePublishedAndMovedToDoneThere() throws Exception {
        int port = startFtp();
        takesExportsFrom("ftp://township-e@127.0.0.1:" + port + "/out?password={{township-e.ftp-password}}&binary=true"
                + "&passiveMode=true&ftpClient.controlEncoding=UTF-8&localWorkDirectory=" + local + "/work");
    }

    @Test
    void exportsOnAnSftpServerArePublishedAndMovedToDoneThere() throws Exception {
        int port = startSftp();
        takesExportsFrom("sftp://township-e@127.0.0.1:" + port + "/out?password={{township-e.ftp-password}}"
                + "&strictHostKeyChecking=no&useUserKnownHostsFile=false&localWorkDirectory=" + local + "/work");
    }

    private void takesExportsFrom(String uri) throws Exception {
        Files.createDirectories(ftpHome.resolve("out"));
        fixture.write("source.yaml", ActivityColumns.exported(Resources.source("township-e.activities", "township-e")
                        .from("file", "dir", local.toString(), "uri", uri, "settle", "1s", "every", "200ms"),
                "320115105", "禄口街道", "lecture", "yyyyMMdd"));
        hub = fixture.secret("township-e.ftp-password", "ftp-secret").start();
        Files.write(ftpHome.resolve("out/讲座.csv"), ("编号,活动名称,活动日期,地点\r\n1,防汛知识讲座,20240601,社区活动室\r\n"
                + "2,反诈讲座,20240602,社区活动室\r\n").getBytes(Charset.forName("GBK")));

        await("the file in done/ on the FTP server").atMost(Duration.ofSeconds(60)).until(() -> {
            Path done = ftpHome.resolve("out/done");
            if (!Files.isDirectory(done)) {
                return false;
            }
            try (Stream<Path> files = Files.list(done)) {
                return files.anyMatch(f -> f.getFileName().toString().endsWith("-讲座.csv"));
            }
        });
        Path report;
        try (Stream<Path> reports = Files.list(local.resolve("done"))) {
            report = reports.filter(f -> f.toString().endsWith("-讲座.csv.report.json")).findFirst().orElseThrow();
        }
        JsonNode summary = JSON.readTree(report.toFile());
        assertThat(summary.path("published").asInt()).isEqualTo(2);
        assertThat(summary.path("format").asText()).contains("GB18030");
        Map<String, String> titles = new HashMap<>();
        TopicReader.readToEnd(hub.bootstrapServers(), hub.topics().schema("cultural-activity", 1), r -> {
            try {
                titles.put(r.key(), JSON.readTree(r.value()).path("title").asText());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(titles).containsEntry("320115105-1", "防汛知识讲座").containsEntry("320115105-2", "反诈讲座");
        assertThat(ftpHome.resolve("out/讲座.csv")).doesNotExist();
    }
}
