package aedmae.datasets.image;

import aedmae.datasets.DatasetException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Decodes the video stream of a file (mp4, avi, mkv, ...) with Bytedeco FFmpeg, frame by frame,
 * to RGB: demux a packet, send it to the decoder, receive frames, convert each to RGB24 with
 * swscale, copy it out planar. Not thread-safe; one decoder per thread. Native memory is freed
 * by {@link #close()}.
 */
public final class VideoDecoder implements FrameReader {
    /** Lower-case extensions treated as video files. */
    public static final List<String> EXTENSIONS =
            List.of("mp4", "avi", "mkv", "mov", "m4v", "webm", "mpg", "mpeg", "wmv", "flv", "ts", "ogv");

    private static final int AVERROR_EAGAIN = -11; // AVERROR(EAGAIN) on Linux

    static {
        av_log_set_level(AV_LOG_QUIET); // errors are reported through exceptions instead
    }

    private final Path file;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVPacket packet;
    private AVFrame frame;
    private SwsContext sws;
    private BytePointer rgb;
    private final PointerPointer<BytePointer> rgbData = new PointerPointer<>(4);
    private final IntPointer rgbLines = new IntPointer(4);
    private final int stream;
    private int width = -1, height = -1, decoded;
    private boolean inputDone, finished, pending;

    /** Opens the file and its best video stream. */
    public VideoDecoder(Path file) {
        this(requireFile(file), file.toString(), null, java.util.Map.of());
    }

    /**
     * Opens any input avformat can read, by URL: a live stream (rtsp://, http://, udp://, tcp://),
     * a file, or a capture device with its input format (e.g. "v4l2" and "/dev/video0").
     *
     * @param url     what avformat opens
     * @param format  the input format's short name, or null to probe
     * @param options avformat/protocol options (e.g. "rw_timeout" in microseconds)
     */
    public static VideoDecoder open(String url, String format, java.util.Map<String, String> options) {
        return new VideoDecoder(Path.of(url.replace("://", ":")), url, format, options);
    }

    private static Path requireFile(Path file) {
        if (!Files.isRegularFile(file)) throw new DatasetException(file, "no such video file");
        return file;
    }

    private VideoDecoder(Path file, String url, String inputFormat, java.util.Map<String, String> options) {
        this.file = file;
        AVDictionary dict = new AVDictionary(null);
        try {
            for (var e : options.entrySet()) av_dict_set(dict, e.getKey(), e.getValue(), 0);
            AVInputFormat fmt = null;
            if (inputFormat != null) {
                org.bytedeco.ffmpeg.global.avdevice.avdevice_register_all(); // capture devices (v4l2, ...) are input formats of avdevice
                fmt = av_find_input_format(inputFormat);
                if (fmt == null) throw new DatasetException(file, "unknown input format " + inputFormat);
            }
            format = new AVFormatContext(null);
            check(avformat_open_input(format, url, fmt, dict), "cannot open video");
            check(avformat_find_stream_info(format, (PointerPointer<?>) null), "cannot read stream info");
            stream = av_find_best_stream(format, AVMEDIA_TYPE_VIDEO, -1, -1, (AVCodec) null, 0);
            if (stream < 0) throw new DatasetException(file, "no video stream in file");
            AVCodecParameters par = format.streams(stream).codecpar();
            AVCodec dec = avcodec_find_decoder(par.codec_id());
            if (dec == null) throw new DatasetException(file, "no decoder for codec id " + par.codec_id());
            codec = avcodec_alloc_context3(dec);
            check(avcodec_parameters_to_context(codec, par), "cannot configure decoder");
            codec.thread_count(1); // the loader decodes several videos in parallel instead
            check(avcodec_open2(codec, dec, (PointerPointer<?>) null), "cannot open decoder");
            packet = av_packet_alloc();
            frame = av_frame_alloc();
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            av_dict_free(dict);
        }
    }

    /** The stream's average frame rate (frames per second), or 0 when the container does not say. */
    public double frameRate() {
        var r = format.streams(stream).avg_frame_rate();
        if (r.num() <= 0 || r.den() <= 0) r = format.streams(stream).r_frame_rate();
        return r.num() > 0 && r.den() > 0 ? (double) r.num() / r.den() : 0;
    }

    /** The presentation time of the frame last returned, in seconds, or NaN when it has none. */
    public double lastFrameSeconds() {
        long pts = frame.best_effort_timestamp();
        if (pts == AV_NOPTS_VALUE) return Double.NaN;
        var tb = format.streams(stream).time_base();
        return pts * (double) tb.num() / tb.den();
    }

    /** Whether a file name has one of the video {@link #EXTENSIONS}. */
    public static boolean isVideo(Path file) {
        return EXTENSIONS.contains(ImageFiles.extension(file));
    }

    /**
     * Counts the frames of a video by demuxing its packets without decoding (one packet per
     * frame for the codecs of these datasets); the decoder's count is the final word, and the
     * preparer reports a mismatch.
     */
    public static int countPackets(Path file) {
        try (VideoDecoder d = new VideoDecoder(file)) {
            int n = 0;
            while (av_read_frame(d.format, d.packet) >= 0) {
                if (d.packet.stream_index() == d.stream) n++;
                av_packet_unref(d.packet);
            }
            return n;
        }
    }

    /** Frames the container claims (0 if unknown). */
    public long containerFrameCount() {
        return format.streams(stream).nb_frames();
    }

    /** Frames returned so far. */
    public int decodedCount() {
        return decoded;
    }

    @Override
    public RgbFrame next() {
        if (finished) return null;
        while (true) {
            int r = avcodec_receive_frame(codec, frame);
            if (r == 0) {
                decoded++;
                return convert();
            }
            if (r == AVERROR_EOF) {
                finished = true;
                return null;
            }
            if (r != AVERROR_EAGAIN) check(r, "decoding failed after frame " + decoded);
            if (inputDone) {
                finished = true;
                return null;
            }
            feed();
        }
    }

    /**
     * Sends the next packet of the video stream to the decoder (or the flush signal at end of
     * input). A packet the decoder refuses for now (EAGAIN: drain frames first) is kept and sent
     * again on the next call.
     */
    private void feed() {
        while (true) {
            if (!pending) {
                int r = av_read_frame(format, packet);
                if (r < 0) {
                    if (r != AVERROR_EOF) check(r, "reading failed after frame " + decoded);
                    avcodec_send_packet(codec, null);
                    inputDone = true;
                    return;
                }
                if (packet.stream_index() != stream) {
                    av_packet_unref(packet);
                    continue;
                }
            }
            int s = avcodec_send_packet(codec, packet);
            pending = s == AVERROR_EAGAIN;
            if (!pending) {
                av_packet_unref(packet);
                if (s < 0) check(s, "corrupt video data after frame " + decoded);
            }
            return;
        }
    }

    private RgbFrame convert() {
        int w = frame.width(), h = frame.height();
        if (width < 0) {
            width = w;
            height = h;
            rgb = new BytePointer(av_malloc((long) w * h * 3));
            rgbData.put(0, rgb);
            rgbLines.put(0, w * 3);
        } else if (w != width || h != height) {
            throw new DatasetException(file, "frame " + (decoded - 1) + " is " + w + "x" + h
                    + " but earlier frames are " + width + "x" + height);
        }
        sws = sws_getCachedContext(sws, w, h, frame.format(), w, h, AV_PIX_FMT_RGB24,
                SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, null, null, (DoublePointer) null);
        if (sws == null) throw new DatasetException(file, "cannot convert pixel format " + frame.format() + " to RGB");
        sws_scale(sws, frame.data(), frame.linesize(), 0, h, rgbData, rgbLines);
        byte[] packed = new byte[w * h * 3];
        rgb.position(0).get(packed);
        byte[] chw = new byte[w * h * 3];
        int plane = w * h;
        for (int i = 0, s = 0; i < plane; i++, s += 3) {
            chw[i] = packed[s];
            chw[plane + i] = packed[s + 1];
            chw[2 * plane + i] = packed[s + 2];
        }
        return new RgbFrame(h, w, chw);
    }

    private void check(int code, String what) {
        if (code >= 0) return;
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        throw new DatasetException(file, what + " (" + new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + ")");
    }

    @Override
    public void close() {
        if (sws != null) {
            sws_freeContext(sws);
            sws = null;
        }
        if (rgb != null) {
            av_free(rgb);
            rgb = null;
        }
        if (frame != null) {
            av_frame_free(frame);
            frame = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
        if (codec != null) {
            avcodec_free_context(codec);
            codec = null;
        }
        if (format != null) {
            if (!format.isNull()) avformat_close_input(format);
            format = null;
        }
        rgbData.close();
        rgbLines.close();
    }
}
