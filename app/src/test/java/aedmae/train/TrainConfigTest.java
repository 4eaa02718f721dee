package aedmae.train;

import aedmae.datasets.gradient.GradientMode;
import aedmae.model.StudentLoss;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainConfigTest {
    @Test
    void optionsAreWrittenAndReadUnderTheirOwnNames() {
        TrainConfig c = TrainConfig.forPreset("tiny");
        c.selection = ModelSelection.ORACLE_TEST;
        c.gradients = GradientMode.PLAIN;
        c.lrSchedule = LrSchedule.CONSTANT;
        c.studentLoss = StudentLoss.REFERENCE;
        String json = c.toJson();
        for (String s : new String[]{"\"oracle-test\"", "\"plain\"", "\"constant\"", "\"reference\""}) assertTrue(json.contains(s), json);
        TrainConfig back = TrainConfig.fromJson(json);
        assertEquals(ModelSelection.ORACLE_TEST, back.selection);
        assertEquals(GradientMode.PLAIN, back.gradients);
        assertEquals(LrSchedule.CONSTANT, back.lrSchedule);
        assertEquals(StudentLoss.REFERENCE, back.studentLoss);
        assertEquals(json, back.toJson());
    }

    @Test
    void olderFilesWithMinusOneMeanThePresetsValues() {
        TrainConfig c = TrainConfig.fromJson("{\"preset\": \"tiny\", \"teacherEpochs\": -1, \"studentEpochs\": 3, \"batch\": -1, \"lr\": -1.0}");
        assertNull(c.teacherEpochs);
        assertNull(c.batch);
        assertNull(c.lr);
        assertEquals(3, c.resolvedPreset().studentEpochs());
        assertEquals(aedmae.model.Preset.named("tiny").teacherEpochs(), c.resolvedPreset().teacherEpochs());
        assertEquals(TrainConfig.forPreset("tiny").toJson(), TrainConfig.fromJson("{\"preset\": \"tiny\", \"teacherEpochs\": -1}").toJson(), "the same run as a config without overrides");
    }

    @Test
    void anUnknownChoiceNamesTheFieldAndTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> TrainConfig.choice(ModelSelection.class, "selection", "best"));
        assertEquals("training config: selection must be validation or last or oracle-test, got best", e.getMessage());
        assertEquals(LrSchedule.COSINE, TrainConfig.choice(LrSchedule.class, "lrSchedule", "cosine"));
        TrainConfig bad = TrainConfig.fromJson("{\"preset\": \"tiny\", \"gradients\": \"sobel\"}");
        var v = assertThrows(IllegalArgumentException.class, bad::validate);
        assertTrue(v.getMessage().contains("gradients"), v.getMessage());
    }

    @Test
    void overridesMustBePositive() {
        TrainConfig c = TrainConfig.forPreset("tiny");
        c.teacherEpochs = 0;
        assertThrows(IllegalArgumentException.class, c::validate);
    }
}
