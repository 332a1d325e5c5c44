package io.rtcgate.webrtc.dtls;

import java.io.IOException;

/**
 * Where a DTLS session's outgoing datagrams go. The gateway implements it by copying the bytes into a pooled
 * {@code ByteBuf} and writing it to the viewer's address on the viewer's event loop.
 *
 * <p>Called on a DTLS handshake thread, never on an event loop. The array is BouncyCastle's: it is valid only during the
 * call, so an implementation copies what it keeps and must not block for long.
 */
@FunctionalInterface
public interface DtlsDatagramSender {

    /** Sends {@code length} bytes of {@code data} from {@code offset} as one UDP datagram. */
    void send(byte[] data, int offset, int length) throws IOException;
}
