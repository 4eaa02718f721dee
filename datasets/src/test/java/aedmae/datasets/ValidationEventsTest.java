package aedmae.datasets;

import aedmae.datasets.synthetic.SyntheticAnomaly;
import aedmae.datasets.synthetic.SyntheticAnomalyGenerator;
import aedmae.datasets.synthetic.SyntheticConfig;
import aedmae.datasets.synthetic.TemporalJump;
import aedmae.datasets.synthetic.ValidationEvents;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class ValidationEventsTest {
    private static final int H = 32, W = 64, N = 150;

    @Test
    void eventsAreContiguousRunsSeparatedByNormalFramesAndTheSameForASeed() {
        ArrayFrameStore store = new ArrayFrameStore(List.of(TestData.scenes(N, H, W, 0), TestData.scenes(N, H, W, 1), TestData.scenes(N, H, W, 2)));
        SyntheticAnomalyGenerator gen = new SyntheticAnomalyGenerator(store, SyntheticConfig.defaults());
        ValidationEvents plan = ValidationEvents.plan(store, gen, 3);
        assertTrue(plan.events().size() >= 4, "events: " + plan.events().size());
        Set<SyntheticAnomalyGenerator.Kind> kinds = new HashSet<>();
        ValidationEvents.Event previous = null;
        for (ValidationEvents.Event e : plan.events()) {
            kinds.add(e.kind());
            assertTrue(e.length() >= ValidationEvents.MIN_LENGTH && e.length() <= ValidationEvents.MAX_LENGTH, e.describe());
            assertTrue(e.start() + e.length() <= N);
            if (previous != null && previous.video() == e.video())
                assertTrue(e.start() - (previous.start() + previous.length()) >= ValidationEvents.MIN_GAP, "gap before " + e.describe());
            previous = e;
            // inside: an anomaly for every frame (a jump only where t ± 3s fits); outside just before: none
            if (e.start() > 0) assertNull(plan.at(e.video(), e.start() - 1));
            if (e.start() > 0) assertNull(plan.kindAt(e.video(), e.start() - 1));
            assertEquals(e.kind(), plan.kindAt(e.video(), e.middle()));
            SyntheticAnomaly mid = plan.at(e.video(), e.middle());
            assertNotNull(mid, e.describe());
            int pasted = mid.paste(0, TestData.scene(H, W, e.middle(), e.video()).chw(), new byte[H * W]);
            assertTrue(pasted > 0, "something abnormal in the middle frame of " + e.describe());
            if (e.kind() == SyntheticAnomalyGenerator.Kind.TEMPORAL_JUMP) assertInstanceOf(TemporalJump.class, mid);
            else assertEquals(1, mid.stride());
        }
        assertTrue(kinds.size() >= 3, "kinds in turn: " + kinds);
        // the plan is a function of the seed
        ValidationEvents again = ValidationEvents.plan(store, gen, 3);
        assertEquals(plan.events().stream().map(ValidationEvents.Event::describe).toList(),
                again.events().stream().map(ValidationEvents.Event::describe).toList());
    }
}
