package io.rtcgate.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.rtcgate.transport.MediaEventLoops;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An accepted connection moved to another loop after its first line keeps its pipeline (including bytes a decoder holds)
 * and is served on the target loop. Runs on native epoll where it loads, which is the transport the gateway uses.
 */
@Timeout(20)
class ChannelLoopMoverTest {
    private MediaEventLoops loops;
    private Channel server;

    @BeforeEach
    void start() {
        loops = new MediaEventLoops(2);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        loops.close();
    }

    @Test
    void linesAfterTheMoveAreHandledOnTheTargetLoopInOrder() throws Exception {
        List<String> threadsPerLine = new CopyOnWriteArrayList<>();
        AtomicReference<EventLoop> target = new AtomicReference<>();
        server = new ServerBootstrap().group(loops.group()).channel(loops.serverSocketChannelClass())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new LineBasedFrameDecoder(256), new SimpleChannelInboundHandler<ByteBuf>() {
                            @Override
                            protected void channelRead0(ChannelHandlerContext ctx, ByteBuf line) {
                                String text = line.toString(StandardCharsets.US_ASCII);
                                threadsPerLine.add(text + "@" + Thread.currentThread().getName());
                                if (text.equals("move")) {
                                    EventLoop other = otherLoop(ctx.channel().eventLoop());
                                    target.set(other);
                                    ChannelLoopMover.move(ctx.channel(), other).addListener(f ->
                                        ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
                                                ("moved " + (f.isSuccess() && other.inEventLoop()) + "\n")
                                                        .getBytes(StandardCharsets.US_ASCII))));
                                } else {
                                    ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(
                                            ("echo " + text + " " + (ctx.channel().eventLoop() == target.get()) + "\n")
                                                    .getBytes(StandardCharsets.US_ASCII)));
                                }
                            }
                        });
                    }
                }).bind("127.0.0.1", 0).syncUninterruptibly().channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();

        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            // "move" and a partial line in one write: the decoder holds "par" across the move.
            out.write("move\npar".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("moved true", in.readLine());
            out.write("tial\nsecond\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("echo partial true", in.readLine());
            assertEquals("echo second true", in.readLine());
        }
        assertEquals(3, threadsPerLine.size(), threadsPerLine::toString);
        String before = threadsPerLine.get(0).substring(threadsPerLine.get(0).indexOf('@'));
        String after = threadsPerLine.get(1).substring(threadsPerLine.get(1).indexOf('@'));
        assertNotEquals(before, after, "the lines after the move ran on another thread: " + threadsPerLine);
        assertEquals(io.netty.channel.epoll.Epoll.isAvailable(), loops.isEpoll());
    }

    private EventLoop otherLoop(EventLoop current) {
        for (int i = 0; i < 4; i++) {
            EventLoop next = loops.next();
            if (next != current) {
                return next;
            }
        }
        throw new IllegalStateException("no second loop");
    }
}
