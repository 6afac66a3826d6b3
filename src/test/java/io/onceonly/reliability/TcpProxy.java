package io.onceonly.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP proxy between the hub and a database, for network faults without root: {@link #cut()} resets every open
 * connection (as a dropped NAT entry or a restarted firewall does), {@link #refuse} turns new connections away,
 * {@link #stall} keeps every connection open but passes no more bytes on it either way, ever, without a reset (a
 * silent partition: packets dropped by a firewall, a frozen server), so only a timeout on the client's side ends its
 * wait; connections opened after the stall ends work.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private volatile boolean stalling;
    /** Sockets of connections that were open or opened during a stall: nothing read from them is passed on. */
    private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
    int cuts;
    /** Released when the proxy closes: what stalled pumps wait for. */
    private final java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
    /** Connections opened while stalled: each is the client giving up on a silent one and trying again. */
    volatile int connectionsDuringStall;

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread accept = new Thread(this::accept, "tcp-proxy-" + port());
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    reset(client);
                    continue;
                }
                Socket upstream = new Socket("127.0.0.1", targetPort);
                open.add(client);
                open.add(upstream);
                if (stalling) {
                    stalled.add(client);
                    stalled.add(upstream);
                    connectionsDuringStall++;
                }
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                // closed, or the target refused: the client sees its connection end
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    holdIfStalled(from);
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side went away
            } finally {
                open.remove(from);
                open.remove(to);
                reset(from);
                reset(to);
            }
        }, "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    /** Resets every open connection: both ends see ECONNRESET mid-conversation. */
    void cut() {
        cuts++;
        open.forEach(TcpProxy::reset);
    }

    void refuse(boolean refusing) {
        this.refusing = refusing;
    }

    /** From now on (until {@code stall(false)}) every open and every new connection goes silent for good. */
    void stall(boolean stalling) {
        if (stalling) {
            stalled.addAll(open);
        }
        this.stalling = stalling;
    }

    /** A stalled connection's bytes go nowhere: the pump waits until the proxy closes, keeping the sockets open. */
    private void holdIfStalled(Socket from) throws java.io.InterruptedIOException {
        if (stalled.contains(from)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("proxy stopped");
            }
        }
    }

    private static void reset(Socket s) {
        try {
            s.setSoLinger(true, 0);
            s.close();
        } catch (IOException e) {
            // already gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        closed.countDown();
        cut();
    }
}
