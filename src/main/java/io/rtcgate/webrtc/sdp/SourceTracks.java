package io.rtcgate.webrtc.sdp;

import io.rtcgate.media.Codec;
import java.util.Objects;
import java.util.Optional;

/**
 * What the stream a viewer asks for carries, as far as SDP negotiation cares: its H.264 profile and whether it uses
 * B-frames, and its audio codec if any — or {@link #unknown()} while the stream is configured but its source has not
 * been seen yet. Immutable.
 */
public final class SourceTracks {

    /**
     * The H.264 track.
     *
     * @param profileLevelId from the SPS or the source's sprop-parameter-sets / profile-level-id
     * @param hasBFrames     whether the stream reorders frames (WebRTC receivers do not play B-frames well)
     */
    public record H264Track(H264ProfileLevelId profileLevelId, boolean hasBFrames) {
        public H264Track {
            Objects.requireNonNull(profileLevelId, "profileLevelId");
        }

        /** From six hex digits such as {@code "640028"}. */
        public static H264Track of(String profileLevelIdHex, boolean hasBFrames) {
            H264ProfileLevelId id = H264ProfileLevelId.parseOrNull(profileLevelIdHex);
            if (id == null) {
                throw new IllegalArgumentException("profile-level-id must be six hex digits: " + profileLevelIdHex);
            }
            return new H264Track(id, hasBFrames);
        }
    }

    /**
     * The audio track: Opus (48000 Hz; 1 or 2 channels, always {@code opus/48000/2} in SDP, RFC 7587 §7), PCMU or PCMA
     * (8000 Hz, 1 channel).
     */
    public record AudioTrack(Codec codec, int clockRate, int channels) {
        public AudioTrack {
            Objects.requireNonNull(codec, "codec");
            if (codec == Codec.H264) {
                throw new IllegalArgumentException("H264 is not an audio codec");
            }
            if (clockRate != codec.clockRate()) {
                throw new IllegalArgumentException(codec + " runs at " + codec.clockRate() + " Hz, not " + clockRate);
            }
            int maxChannels = codec == Codec.OPUS ? 2 : 1;
            if (channels < 1 || channels > maxChannels) {
                throw new IllegalArgumentException(codec + " has 1" + (maxChannels == 2 ? " or 2" : "")
                        + " channels, not " + channels);
            }
        }
    }

    private static final SourceTracks UNKNOWN = new SourceTracks(null, null);

    private final H264Track video;
    private final AudioTrack audio;

    private SourceTracks(H264Track video, AudioTrack audio) {
        this.video = video;
        this.audio = audio;
    }

    /** A stream that is configured but offline: the answer offers H.264 Constrained Baseline and any audio codec. */
    public static SourceTracks unknown() {
        return UNKNOWN;
    }

    /** A live stream: H.264 video and, when not null, one audio track. */
    public static SourceTracks of(H264Track video, AudioTrack audioOrNull) {
        return new SourceTracks(Objects.requireNonNull(video, "video"), audioOrNull);
    }

    /** False for {@link #unknown()}. */
    public boolean known() {
        return video != null;
    }

    /** The video track; empty when unknown. */
    public Optional<H264Track> video() {
        return Optional.ofNullable(video);
    }

    /** The audio track; empty when unknown or when the stream has no audio. */
    public Optional<AudioTrack> audio() {
        return Optional.ofNullable(audio);
    }

    /** Human-readable, for error reasons: e.g. "H.264 HIGH 640028 with B-frames, opus". */
    public String describe() {
        if (video == null) {
            return "unknown tracks (source offline)";
        }
        return "H.264 " + video.profileLevelId().streamProfile() + " " + video.profileLevelId()
                + (video.hasBFrames() ? " with B-frames" : "")
                + (audio == null ? ", no audio" : ", " + audio.codec().encodingName());
    }

    @Override
    public String toString() {
        return "SourceTracks[" + describe() + "]";
    }
}
