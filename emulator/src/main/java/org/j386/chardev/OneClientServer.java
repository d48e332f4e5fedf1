package org.j386.chardev;

import java.io.Closeable;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
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
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A listening socket that serves one client at a time, as QEMU's socket chardev: while a client
 * is connected no other is accepted (it waits in the listen backlog, or, if accepted in the same
 * burst, unread in a queue) and none is refused. No byte a client sends is lost, not even when it
 * resets the connection: a client is let go by its read side only, after its last byte. Telnet
 * negotiation runs when the spec asks for it. Subclasses see connects, data bytes (telnet
 * commands removed) and disconnects, all on the one I/O thread, in order.
 */
abstract class OneClientServer implements Closeable {
    /** Netty's outbound buffer per client: above HIGH the channel is not writable. */
    static final int WRITE_LOW_WATER = 32 * 1024;
    static final int WRITE_HIGH_WATER = 64 * 1024;

    private final ChardevSpec spec;
    private final EventLoopGroup group;
    private final Channel listener;
    private final AtomicReference<Channel> client = new AtomicReference<>();
    /**
     * Connections accepted while a client was connected (the listener accepts a burst before it
     * stops): they are not read, so their bytes wait in the kernel, and each becomes the client
     * in turn. I/O thread only.
     */
    private final ArrayDeque<Channel> waiting = new ArrayDeque<>();
    private final CountDownLatch firstClient = new CountDownLatch(1);

    OneClientServer(ChardevSpec spec, String threadName) throws ChardevException {
        this.spec = spec;
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true), NioIoHandler.newFactory());
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(WRITE_LOW_WATER, WRITE_HIGH_WATER))
                // A failed write (the client reset the connection: it closed with our output
                // unread) shuts only our output down. Netty's default closes the socket, and with
                // it the bytes the client sent before the reset, still unread in the kernel. The
                // read side ends the connection once it has read them (QEMU chardev/char-socket.c
                // tcp_chr_write: "let the read handler finish it properly").
                .childOption(ChannelOption.AUTO_CLOSE, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new Connection());
                    }
                });
        try {
            this.listener = b.bind(spec.host(), spec.port()).syncUninterruptibly().channel();
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            throw new ChardevException("chardev '" + spec + "': cannot listen: " + e.getMessage(), e);
        }
    }

    public ChardevSpec spec() {
        return spec;
    }

    /** The port listened on (the spec's, or the one chosen for port 0). */
    public int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** True while a client is connected. Any thread. */
    public boolean connected() {
        return client.get() != null;
    }

    /**
     * Blocks until a first client has connected (QEMU's {@code wait}); returns at once after
     * that. Call before starting the machine when {@link ChardevSpec#waitForClient} is set.
     */
    public void awaitClient() throws InterruptedException {
        firstClient.await();
    }

    /** The same, bounded; false if no client came in time. */
    public boolean awaitClient(long timeout, TimeUnit unit) throws InterruptedException {
        return firstClient.await(timeout, unit);
    }

    /** The connected client's channel, or null. */
    final Channel client() {
        return client.get();
    }

    /** Runs on the I/O thread (so in order with everything the connection does). */
    final void onIoThread(Runnable r) {
        listener.eventLoop().execute(r);
    }

    /** Sends bytes to the client as they are (telnet escaping is the caller's). */
    final void write(Channel ch, byte[] bytes) {
        ch.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void close() {
        listener.close().syncUninterruptibly();
        Channel c = client.get();
        if (c != null) {
            c.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** A client connected; {@code ch} is where its output goes. */
    abstract void connected(Channel ch);

    /** Data bytes from the client, telnet commands removed; {@code data} is reused after the call. */
    abstract void received(byte[] data, int length);

    /** The client left. */
    abstract void disconnected(Channel ch);

    private final class Connection extends ChannelInboundHandlerAdapter {
        private TelnetFilter telnet;
        private byte[] in = new byte[0];
        private byte[] data = new byte[0];

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel ch = ctx.channel();
            if (!client.compareAndSet(null, ch)) {
                ch.config().setAutoRead(false);
                waiting.add(ch);
                return;
            }
            listener.config().setAutoRead(false);
            activate(ch);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!client.compareAndSet(ctx.channel(), null)) {
                waiting.remove(ctx.channel());
                return;
            }
            disconnected(ctx.channel());
            Channel next = waiting.poll();
            if (next == null) {
                listener.config().setAutoRead(true);
            } else {
                client.set(next);
                ((Connection) next.pipeline().last()).activate(next);
                next.config().setAutoRead(true);
            }
        }

        private void activate(Channel ch) {
            if (spec.telnet()) {
                telnet = new TelnetFilter();
                write(ch, TelnetFilter.GREETING.clone());
            }
            connected(ch);
            firstClient.countDown();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                int len = buf.readableBytes();
                if (in.length < len) {
                    in = new byte[len];
                    data = new byte[len];
                }
                buf.readBytes(in, 0, len);
                if (telnet == null) {
                    received(in, len);
                } else {
                    int n = telnet.filter(in, 0, len, data, bytes -> write(ctx.channel(), bytes));
                    if (n > 0) {
                        received(data, n);
                    }
                }
            } finally {
                buf.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
