package aedmae.datasets;

import aedmae.datasets.image.RgbFrame;

import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
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
 * Encodes frames into a video file with the FFmpeg libraries (test helper): the container comes
 * from the file extension, the codec by name: "ffv1" (lossless, BGR0) or "mpeg4" (lossy,
 * YUV 4:2:0).
 */
final class TestVideoEncoder {
    private TestVideoEncoder() {}

    static Path encode(Path file, List<RgbFrame> frames, String codecName) {
        return encode(file, frames, codecName, true);
    }

    /**
     * @param durations false leaves packet durations at 0, which makes the mp4 muxer's edit list
     *                  end at the last frame's start: demuxers then discard that frame (a real
     *                  trap: the container holds one packet more than the frames that decode)
     */
    static Path encode(Path file, List<RgbFrame> frames, String codecName, boolean durations) {
        int h = frames.get(0).height(), w = frames.get(0).width(), plane = h * w;
        boolean lossless = codecName.equals("ffv1");
        int pixFmt = lossless ? AV_PIX_FMT_BGR0 : AV_PIX_FMT_YUV420P;
        AVFormatContext oc = new AVFormatContext(null);
        check(avformat_alloc_output_context2(oc, null, null, file.toString()), "output context");
        AVCodec codec = avcodec_find_encoder_by_name(codecName);
        if (codec == null) throw new IllegalStateException("no encoder " + codecName);
        AVStream st = avformat_new_stream(oc, null);
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.width(w).height(h).pix_fmt(pixFmt).time_base(av_make_q(1, 25)).framerate(av_make_q(25, 1)).gop_size(5);
        if (!lossless) {
            // constant quantiser 2 (near the best mpeg4 can do)
            c.flags(c.flags() | AV_CODEC_FLAG_QSCALE).global_quality(FF_QP2LAMBDA * 2).max_b_frames(0);
        }
        if ((oc.oformat().flags() & AVFMT_GLOBALHEADER) != 0) c.flags(c.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        check(avcodec_open2(c, codec, (PointerPointer<?>) null), "open encoder");
        check(avcodec_parameters_from_context(st.codecpar(), c), "parameters");
        st.time_base(c.time_base());
        AVIOContext pb = new AVIOContext(null);
        check(avio_open(pb, file.toString(), AVIO_FLAG_WRITE), "open file");
        oc.pb(pb);
        check(avformat_write_header(oc, (PointerPointer<?>) null), "header");
        AVFrame frame = av_frame_alloc();
        frame.format(pixFmt).width(w).height(h);
        check(av_frame_get_buffer(frame, 0), "frame buffer");
        SwsContext sws = sws_getContext(w, h, AV_PIX_FMT_RGB24, w, h, pixFmt, SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
                null, null, (DoublePointer) null);
        BytePointer rgb = new BytePointer((long) 3 * plane);
        PointerPointer<BytePointer> src = new PointerPointer<>(4);
        src.put(0, rgb);
        IntPointer srcLines = new IntPointer(4).put(0, 3 * w);
        AVPacket pkt = av_packet_alloc();
        byte[] packed = new byte[3 * plane];
        for (int i = 0; i < frames.size(); i++) {
            RgbFrame f = frames.get(i);
            for (int p = 0; p < plane; p++)
                for (int ch = 0; ch < 3; ch++) packed[3 * p + ch] = f.chw()[ch * plane + p];
            rgb.position(0).put(packed);
            check(av_frame_make_writable(frame), "writable");
            sws_scale(sws, src, srcLines, 0, h, frame.data(), frame.linesize());
            frame.pts(i);
            if (!lossless) frame.quality(c.global_quality());
            check(avcodec_send_frame(c, frame), "send frame");
            drain(c, oc, st, pkt, durations);
        }
        check(avcodec_send_frame(c, null), "flush");
        drain(c, oc, st, pkt, durations);
        check(av_write_trailer(oc), "trailer");
        avio_closep(oc.pb());
        av_packet_free(pkt);
        av_frame_free(frame);
        sws_freeContext(sws);
        avcodec_free_context(c);
        avformat_free_context(oc);
        rgb.close();
        return file;
    }

    private static void drain(AVCodecContext c, AVFormatContext oc, AVStream st, AVPacket pkt, boolean durations) {
        while (true) {
            int r = avcodec_receive_packet(c, pkt);
            if (r == -11 || r == AVERROR_EOF) return; // EAGAIN or done
            check(r, "receive packet");
            // without a duration the mp4 muxer's edit list ends at the last frame's start and the
            // demuxer then marks that frame as discarded
            if (durations && pkt.duration() == 0) pkt.duration(1);
            av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
            pkt.stream_index(st.index());
            check(av_interleaved_write_frame(oc, pkt), "write packet");
        }
    }

    private static void check(int r, String what) {
        if (r < 0) throw new IllegalStateException("encoding failed at " + what + " (" + r + ")");
    }
}
