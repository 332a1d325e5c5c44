package io.rtcgate.ingest;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;

/**
 * Moves a registered channel to another event loop of the same transport: reading is paused, the channel is deregistered
 * from its loop, registered with the target loop and reading resumes there. The pipeline, its handlers and their state
 * stay as they are; only the thread that runs them changes. Netty 4.1 supports this for NIO and native epoll channels
 * (the epoll fd is removed from one epoll set and added to the other).
 *
 * <p>Bytes already read but not yet decoded stay in the decoders and are handled on the new loop at the next read.
 */
public final class ChannelLoopMover {

    private ChannelLoopMover() {
    }

    /**
     * Starts the move; call on the channel's current loop. The returned future completes on the target loop once the
     * channel is registered there (auto-read restored as it was), or fails with the cause, in which case the channel is
     * closed. Moving to the loop the channel already uses completes at once.
     */
    public static ChannelFuture move(Channel channel, EventLoop target) {
        ChannelPromise done = channel.newPromise();
        if (channel.eventLoop() == target) {
            return done.setSuccess();
        }
        boolean autoRead = channel.config().isAutoRead();
        channel.config().setAutoRead(false);
        channel.deregister().addListener((ChannelFuture deregistered) -> {
            if (!deregistered.isSuccess()) {
                fail(channel, done, deregistered.cause());
                return;
            }
            target.register(channel).addListener((ChannelFuture registered) -> {
                if (!registered.isSuccess()) {
                    fail(channel, done, registered.cause());
                    return;
                }
                channel.config().setAutoRead(autoRead);
                if (autoRead) {
                    channel.read();
                }
                done.trySuccess();
            });
        });
        return done;
    }

    private static void fail(Channel channel, ChannelPromise done, Throwable cause) {
        // A channel half-way between loops is of no use; closing it makes the peer see the failure. An unregistered
        // channel has no loop to run a pipeline close on, so it is closed directly.
        if (channel.isRegistered()) {
            channel.close();
        } else {
            channel.unsafe().closeForcibly();
        }
        done.tryFailure(cause);
    }
}
