package org.j386.gdb;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The gdb stub on a TCP port ({@code -gdb tcp::PORT}, {@code -s} = port 1234), one client at a
 * time: while one is connected the server accepts no other (a second gdb waits in the listen
 * backlog, as with QEMU, or unread in a queue if it was accepted in the same burst) and gets
 * its turn when the first leaves. A client's first packet stops the guest
 * ({@link DebugTarget#attach}); a disconnect without {@code D} or {@code k} detaches (breakpoints
 * dropped, guest runs on). A connection that never sent a packet (a port probe) changes nothing.
 *
 * <p>Threads: Netty's I/O thread frames the stream ({@link RspFramer}), acknowledges packets and
 * passes {@code Ctrl-C} straight to the stub; packets are handled in order on one session thread
 * shared by all connections of this server, which may block while the guest runs.
 */
public final class GdbServer implements Closeable {
    /** Bound on waiting for a reply to leave, so a stuck client cannot hold the session thread. */
    private static final long SEND_TIMEOUT_MS = 2000;
    /** Consecutive {@code -} answered by retransmitting; after that the reply is given up. */
    private static final int MAX_RETRANSMITS = 3;

    private final DebugTarget target;
    private final EventLoopGroup group;
    private final ExecutorService session;
    private final Channel listener;
    private final AtomicReference<Channel> client = new AtomicReference<>();
    /** Connections accepted in the same burst as the client: unread until their turn. I/O thread only. */
    private final ArrayDeque<Channel> waiting = new ArrayDeque<>();

    private GdbServer(DebugTarget target, String host, int port) throws IOException {
        this.target = target;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("gdb-io", true), NioIoHandler.newFactory());
        this.session = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "gdb-session");
            t.setDaemon(true);
            return t;
        });
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Connection());
                    }
                });
        try {
            this.listener = b.bind(host, port).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            shutdown();
            throw new IOException("gdb: cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Listens on 127.0.0.1:{@code port} (0: any free port, see {@link #port}). */
    public static GdbServer start(int port, DebugTarget target) throws IOException {
        return start("127.0.0.1", port, target);
    }

    public static GdbServer start(String host, int port, DebugTarget target) throws IOException {
        return new GdbServer(target, host, port);
    }

    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** How long {@link #close} lets replies already being made (a final {@code W}) go out. */
    private static final long DRAIN_MS = 2000;

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        // The guest may just have ended inside a continue: let the session thread send that stop
        // reply (W..) before the connection goes, or gdb sees only "Remote connection closed".
        session.shutdown();
        try {
            session.awaitTermination(DRAIN_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Channel c = client.get();
        if (c != null) {
            c.close().syncUninterruptibly();
        }
        shutdown();
    }

    private void shutdown() {
        session.shutdown();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One gdb connection. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private Channel channel;
        private GdbStub stub;
        private RspFramer framer;
        private volatile String lastSent;
        private int retransmits;
        /** The client has spoken: the guest was stopped for it. I/O thread only. */
        private boolean attached;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            channel = ctx.channel();
            if (!client.compareAndSet(null, channel)) {
                channel.config().setAutoRead(false);
                waiting.add(channel);
                return;
            }
            // Like QEMU's chardev: accept no one else until this client leaves; they wait in the backlog.
            listener.config().setAutoRead(false);
            activate();
        }

        private void activate() {
            stub = new GdbStub(target, this::send);
            framer = new RspFramer(this::event);
        }

        /** Before the first packet or Ctrl-C is handled: stop the guest for this debugger. */
        private void attachOnce() {
            if (!attached) {
                attached = true;
                session.execute(this::attach);
            }
        }

        private void attach() {
            try {
                target.attach();
            } catch (IllegalStateException e) {
                channel.close();
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                if (framer != null) {
                    while (buf.isReadable()) {
                        framer.feed(buf.readByte());
                    }
                }
            } finally {
                buf.release();
            }
        }

        private void event(RspFramer.Event e) {
            if (e.kind() == RspFramer.Kind.PACKET || e.kind() == RspFramer.Kind.INTERRUPT) {
                attachOnce();
            }
            boolean acks = !stub.noAckMode();
            switch (e.kind()) {
                case PACKET -> {
                    if (acks) {
                        channel.writeAndFlush(ascii("+"));
                    }
                    String payload = e.payload();
                    stub.received(payload);
                    session.execute(() -> handle(payload));
                }
                case BAD_PACKET -> {
                    if (acks) {
                        channel.writeAndFlush(ascii("-"));
                    }
                }
                case INTERRUPT -> stub.interrupt();
                case ACK -> retransmits = 0;
                case NAK -> {
                    String last = lastSent;
                    if (acks && last != null && retransmits++ < MAX_RETRANSMITS) {
                        channel.writeAndFlush(ascii(last));
                    }
                }
            }
        }

        /** On the session thread. */
        private void handle(String payload) {
            if (!channel.isActive()) {
                return;
            }
            try {
                stub.handle(payload);
            } catch (IllegalStateException e) {
                // The emulator thread is gone: nothing left to debug.
                channel.close();
                return;
            }
            if (stub.killed()) {
                channel.close();
            }
        }

        /** On the session thread: frames and sends one reply. */
        private void send(String payload) {
            StringBuilder sb = new StringBuilder(payload.length() + 4).append('$').append(payload).append('#');
            int sum = 0;
            for (int i = 0; i < payload.length(); i++) {
                sum += payload.charAt(i);
            }
            Hex.appendByte(sb, sum & 0xFF);
            String framed = sb.toString();
            lastSent = framed;
            channel.writeAndFlush(ascii(framed)).awaitUninterruptibly(SEND_TIMEOUT_MS);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!client.compareAndSet(channel, null)) {
                waiting.remove(channel);
                return;
            }
            if (attached) {
                // Ends a running continue, then lets the guest go (unless gdb killed it).
                GdbStub s = stub;
                stub.interrupt();
                session.execute(() -> {
                    if (!s.killed()) {
                        try {
                            target.detach();
                        } catch (IllegalStateException e) {
                            // The emulator thread is gone already.
                        }
                    }
                });
            }
            Channel next = waiting.poll();
            if (next == null) {
                listener.config().setAutoRead(true);
            } else {
                client.set(next);
                ((Connection) next.pipeline().last()).activate();
                next.config().setAutoRead(true);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    private static ByteBuf ascii(String s) {
        return Unpooled.wrappedBuffer(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
