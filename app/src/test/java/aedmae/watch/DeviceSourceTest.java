package aedmae.watch;

import aedmae.datasets.DatasetException;
import aedmae.datasets.image.VideoDecoder;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Devices are opened through FFmpeg's capture formats: the format is known even where no camera is plugged in. */
class DeviceSourceTest {
    @Test
    void v4l2IsAKnownFormatAndAMissingDeviceIsOneClearError() {
        DatasetException e = assertThrows(DatasetException.class, () -> VideoDecoder.open("/dev/video-not-here", "v4l2", Map.of()));
        assertTrue(e.getMessage().contains("/dev/video-not-here") && e.getMessage().contains("cannot open video"), e.getMessage());
        DatasetException f = assertThrows(DatasetException.class, () -> VideoDecoder.open("x", "no-such-format", Map.of()));
        assertTrue(f.getMessage().contains("unknown input format no-such-format"), f.getMessage());
    }
}
