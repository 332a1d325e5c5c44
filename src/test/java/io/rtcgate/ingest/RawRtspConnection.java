package io.rtcgate.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain-socket RTSP client for protocol tests: sends bytes as given and reads responses as text. */
final class RawRtspConnection implements AutoCloseable {
    final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** One parsed response; header names lower-cased. */
    record Response(int status, String reason, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    RawRtspConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a request with CSeq and optional extra header lines (each ending in CRLF) and body, and reads the response. */
    Response request(String method, String url, int cseq, String extraHeaders, String body) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(method).append(' ').append(url).append(" RTSP/1.0\r\nCSeq: ").append(cseq).append("\r\n");
        if (extraHeaders != null) {
            sb.append(extraHeaders);
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (content.length > 0) {
            sb.append("Content-Length: ").append(content.length).append("\r\n");
        }
        sb.append("\r\n");
        send(sb.toString());
        if (content.length > 0) {
            send(content);
        }
        return readResponse();
    }

    /** Reads one response; throws IOException when the connection ends first. */
    Response readResponse() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("RTSP/1.0")) {
            throw new IOException("not an RTSP response: " + lines[0]);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.merge(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim(),
                        (a, b) -> a + ", " + b);
            }
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Response(Integer.parseInt(statusLine[1]), statusLine.length > 2 ? statusLine[2] : "", headers,
                new String(body, StandardCharsets.UTF_8));
    }

    /** True when the server closed the connection (end of stream or reset) within the socket timeout. */
    boolean closedByServer() {
        try {
            byte[] buffer = new byte[4096];
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by the server after " + head.size() + " bytes");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
