package aedmae.report;

import aedmae.eval.FrameScores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameScoresCsvTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripIsExact() throws IOException {
        FrameScores s = new FrameScores("04", new double[] {0.1, 1.0 / 3, 1e-300, 7}, new double[] {0.2, Math.PI, 0, -1},
                new int[] {0, 1, 1, 0});
        Path f = tmp.resolve("04.csv");
        FrameScoresCsv.write(f, s);
        assertTrue(Files.readAllLines(f).get(0).equals(FrameScoresCsv.HEADER));
        assertEquals("1,0.3333333333333333,3.141592653589793,1", Files.readAllLines(f).get(2));
        FrameScores r = FrameScoresCsv.read(f);
        assertEquals("04", r.name());
        assertArrayEquals(s.raw(), r.raw());
        assertArrayEquals(s.smoothed(), r.smoothed());
        assertArrayEquals(s.labels(), r.labels());
    }

    @Test
    void unknownLabelsStayEmpty() throws IOException {
        Path f = tmp.resolve("x.csv");
        FrameScoresCsv.write(f, new FrameScores("x", new double[] {1, 2}, new double[] {1, 2}, null));
        assertEquals("0,1.0,1.0,", Files.readAllLines(f).get(1));
        assertNull(FrameScoresCsv.read(f).labels());
    }

    @Test
    void malformedFilesNameFileAndLine() throws IOException {
        Path f = tmp.resolve("bad.csv");
        Files.writeString(f, FrameScoresCsv.HEADER + "\n0,0.1,0.2,0\n2,0.1,0.2,1\n");
        IOException e = assertThrows(IOException.class, () -> FrameScoresCsv.read(f));
        assertTrue(e.getMessage().contains("bad.csv") && e.getMessage().contains("line 3"), e.getMessage());
        Files.writeString(f, "a,b\n");
        assertThrows(IOException.class, () -> FrameScoresCsv.read(f));
        Files.writeString(f, FrameScoresCsv.HEADER + "\n0,zero,0.2,0\n");
        e = assertThrows(IOException.class, () -> FrameScoresCsv.read(f));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(f, FrameScoresCsv.HEADER + "\n0,0.1,0.2,3\n");
        assertThrows(IOException.class, () -> FrameScoresCsv.read(f));
    }
}
