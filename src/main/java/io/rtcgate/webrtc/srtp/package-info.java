/**
 * SRTP and SRTCP (RFC 3711; AES-GCM per RFC 7714) for WebRTC egress, on JCA (and the JDK's GHASH).
 *
 * <p>One file per concept, as in pion/srtp: {@link io.rtcgate.webrtc.srtp.SrtpProfile} (DTLS-SRTP protection
 * profiles), {@link io.rtcgate.webrtc.srtp.SrtpKeyMaterial} (RFC 5764 §4.2 exporter split),
 * {@link io.rtcgate.webrtc.srtp.SrtpKeyDerivation} (RFC 3711 §4.3 AES-CM PRF), one cipher per file behind the small
 * {@code SrtpCipher} interface ({@code AesCmHmacSha1Cipher}, {@code AesGcmGhashCipher} and {@code AesGcmCipher}, with
 * {@code AesCounterKeystream}, {@code AesGcmEngine}, {@code JdkGhash} and {@code HmacSha1}), {@code ReplayWindow}, and the two entry points {@link io.rtcgate.webrtc.srtp.SrtpSender}
 * and {@link io.rtcgate.webrtc.srtp.SrtpReceiver}.
 *
 * <p>Buffers: senders and receivers never retain or release a {@code ByteBuf}; the caller owns input and output.
 * Each instance works in one reusable heap array: the input is read once into it, transformed in place, and the
 * result written once to the output. Instances are single-threaded (one event loop), counters readable anywhere.
 *
 * <p>AES-GCM: {@code AesGcmGhashCipher} (AES-ECB counter blocks + the JDK's GHASH intrinsic, reached with
 * {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED}) allocates nothing per packet; without that flag the
 * JCA fallback {@code AesGcmCipher} allocates about 1 KB per packet ({@code Cipher.init} per packet).
 * {@code AesGcmImplementation} chooses and logs which. AES-CM/HMAC-SHA1 allocates nothing per packet.
 */
package io.rtcgate.webrtc.srtp;
