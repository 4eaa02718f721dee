package aedmae.watch;

import aedmae.datasets.image.RgbFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;
import static org.bytedeco.ffmpeg.global.swscale.*;

/**
 * Encodes frames to an H.264 MP4 with Bytedeco FFmpeg (the OpenH264 encoder it ships, or x264
 * where the build has it): RGB to YUV 4:2:0 with swscale, encode, mux. Written to a temporary
 * name and renamed on {@link #close()}, so a clip that exists is complete. Odd frame sizes lose
 * their last row or column (4:2:0 needs even sizes). Not thread-safe.
 */
final class ClipWriter implements AutoCloseable {
    private final Path file, tmp;
    private final int width, height;
    private AVFormatContext format;
    private AVCodecContext codec;
    private AVStream stream;
    private AVFrame yuv;
    private AVPacket packet;
    private SwsContext sws;
    private final BytePointer rgb;
    private final PointerPointer<BytePointer> rgbData = new PointerPointer<>(4);
    private final IntPointer rgbLines = new IntPointer(4);
    private long frames;

    ClipWriter(Path file, int frameHeight, int frameWidth, double fps) throws IOException {
        this.file = file;
        this.tmp = file.resolveSibling(file.getFileName() + ".part");
        this.width = frameWidth & ~1;
        this.height = frameHeight & ~1;
        Files.createDirectories(file.getParent());
        AVCodec enc = avcodec_find_encoder_by_name("libx264");
        if (enc == null) enc = avcodec_find_encoder_by_name("libopenh264");
        if (enc == null) enc = avcodec_find_encoder(AV_CODEC_ID_H264);
        if (enc == null) throw new IOException(file + ": this FFmpeg build has no H.264 encoder");
        format = new AVFormatContext(null);
        check(avformat_alloc_output_context2(format, null, "mp4", tmp.toString()), "cannot create an MP4 muxer");
        stream = avformat_new_stream(format, null);
        codec = avcodec_alloc_context3(enc);
        int rate = (int) Math.max(1, Math.round(fps));
        codec.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P).time_base(new AVRational().num(1).den(rate))
                .framerate(new AVRational().num(rate).den(1)).gop_size(rate).bit_rate(400_000L + (long) width * height * 4);
        if ((format.oformat().flags() & AVFMT_GLOBALHEADER) != 0) codec.flags(codec.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        check(avcodec_open2(codec, enc, (AVDictionary) null), "cannot open the H.264 encoder");
        check(avcodec_parameters_from_context(stream.codecpar(), codec), "cannot configure the clip stream");
        stream.time_base(codec.time_base());
        AVIOContext io = new AVIOContext(null);
        check(avio_open(io, tmp.toString(), AVIO_FLAG_WRITE), "cannot open for writing");
        format.pb(io);
        check(avformat_write_header(format, (AVDictionary) null), "cannot write the MP4 header");
        yuv = av_frame_alloc();
        yuv.format(AV_PIX_FMT_YUV420P).width(width).height(height);
        check(av_frame_get_buffer(yuv, 0), "cannot allocate a frame");
        packet = av_packet_alloc();
        rgb = new BytePointer(av_malloc((long) frameWidth * frameHeight * 3));
        rgbData.put(0, rgb);
        rgbLines.put(0, frameWidth * 3);
    }

    /** Appends a frame (its size must be the clip's, before the even crop). */
    void write(RgbFrame f) throws IOException {
        int w = f.width(), h = f.height(), plane = w * h;
        byte[] packed = new byte[3 * plane];
        byte[] chw = f.chw();
        for (int i = 0, d = 0; i < plane; i++, d += 3) {
            packed[d] = chw[i];
            packed[d + 1] = chw[plane + i];
            packed[d + 2] = chw[2 * plane + i];
        }
        rgb.position(0).put(packed);
        sws = sws_getCachedContext(sws, width, height, AV_PIX_FMT_RGB24, width, height, AV_PIX_FMT_YUV420P, SWS_BILINEAR, null, null, (DoublePointer) null);
        check(av_frame_make_writable(yuv), "frame not writable");
        sws_scale(sws, rgbData, rgbLines, 0, height, yuv.data(), yuv.linesize());
        yuv.pts(frames++);
        check(avcodec_send_frame(codec, yuv), "encoding failed");
        drain();
    }

    long frames() {
        return frames;
    }

    private void drain() throws IOException {
        while (avcodec_receive_packet(codec, packet) == 0) {
            av_packet_rescale_ts(packet, codec.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(format, packet), "cannot write a packet");
        }
    }

    /** Flushes the encoder, finishes the MP4 and moves it to its name. */
    @Override
    public void close() throws IOException {
        if (format == null) return;
        try {
            avcodec_send_frame(codec, null);
            drain();
            check(av_write_trailer(format), "cannot finish the MP4");
        } finally {
            avio_closep(format.pb());
            avformat_free_context(format);
            format = null;
            avcodec_free_context(codec);
            av_frame_free(yuv);
            av_packet_free(packet);
            if (sws != null) sws_freeContext(sws);
            av_free(rgb);
            rgbData.close();
            rgbLines.close();
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void check(int code, String what) throws IOException {
        if (code >= 0) return;
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        throw new IOException(file + ": " + what + " (" + new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII) + ")");
    }
}
