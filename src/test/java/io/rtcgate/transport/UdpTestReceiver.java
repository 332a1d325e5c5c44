package io.rtcgate.transport;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain JDK UDP socket on 127.0.0.1 that collects what it receives (copied), for transport tests. */
final class UdpTestReceiver implements AutoCloseable {
    private final DatagramSocket socket;
    private final DatagramPacket packet = new DatagramPacket(new byte[65536], 65536);

    UdpTestReceiver() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
        socket.setReceiveBufferSize(4 << 20);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Receives until {@code count} datagrams arrived or {@code timeoutMillis} passed without one; returns what came. */
    List<byte[]> receive(int count, int timeoutMillis) throws IOException {
        List<byte[]> out = new ArrayList<>();
        socket.setSoTimeout(timeoutMillis);
        while (out.size() < count) {
            try {
                socket.receive(packet);
            } catch (SocketTimeoutException e) {
                break;
            }
            out.add(Arrays.copyOfRange(packet.getData(), packet.getOffset(), packet.getOffset() + packet.getLength()));
        }
        return out;
    }

    /** Sends one datagram to {@code to}. */
    void send(byte[] data, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(data, data.length, to));
    }

    @Override
    public void close() {
        socket.close();
    }
}
