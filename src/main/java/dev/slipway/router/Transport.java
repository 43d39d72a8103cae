package dev.slipway.router;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops and socket types the router runs on: Linux's epoll where it is available (what
 * nginx and HAProxy use), the JDK's selector elsewhere. Each client connection and the upstream
 * connections it uses live on one loop, so a proxied request never changes threads.
 */
record Transport(EventLoopGroup loops, Class<? extends ServerChannel> serverChannel,
                 Class<? extends Channel> clientChannel) {

    static Transport create(String threadName, int threads) {
        DefaultThreadFactory factory = new DefaultThreadFactory(threadName, true);
        if (Epoll.isAvailable()) {
            IoHandlerFactory epoll = EpollIoHandler.newFactory();
            return new Transport(new MultiThreadIoEventLoopGroup(threads, factory, epoll),
                    EpollServerSocketChannel.class, EpollSocketChannel.class);
        }
        return new Transport(new MultiThreadIoEventLoopGroup(threads, factory, NioIoHandler.newFactory()),
                NioServerSocketChannel.class, NioSocketChannel.class);
    }
}
