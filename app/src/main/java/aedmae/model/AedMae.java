package aedmae.model;

import aedmae.datasets.loader.InputLayout;
import aedmae.nn.CvtBlock;
import aedmae.nn.Dropout;
import aedmae.nn.Init;
import aedmae.nn.LayerNorm;
import aedmae.nn.Linear;
import aedmae.nn.Module;
import aedmae.nn.ModuleList;
import aedmae.nn.Parameter;
import aedmae.tensor.F;
import aedmae.tensor.Rng;
import aedmae.tensor.Shape;
import aedmae.tensor.Tensor;
import aedmae.tensor.autograd.GradMode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The self-distilled masked auto-encoder of AED-MAE (paper Sec. 3, Fig. 1; docs/model-spec.md).
 *
 * <pre>
 *   x [B, 9, H, W] --patch_embed (kept patches)--> [B, K, D] --+[CLS]--> encoder blocks (grid Hp x K/Hp)
 *     --> norm --> cls_head([CLS]) = class logit                                   (paper: Eq. 5)
 *     --> decoder_embed --> + mask tokens, unshuffle --> [B, 1+L, Dd]
 *     --> decoder_blocks[0] --+--> decoder_blocks[1..] --> decoder_norm --> decoder_pred  = teacher
 *                             +--> decoder_student_block --> norm --> pred                  = student
 * </pre>
 * Parameter and buffer names are the reference PyTorch module tree's, so checkpoints exchange.
 */
public final class AedMae extends Module {
    /** Input channels: frames t−3, t, t+3 × RGB ({@link InputLayout}). */
    public static final int IN_CHANNELS = InputLayout.INPUT_CHANNELS;
    /** Predicted channels: frame t's RGB and the anomaly map ({@link InputLayout}). */
    public static final int OUT_CHANNELS = InputLayout.TARGET_CHANNELS;

    public final Preset preset;
    public final PatchEmbed patchEmbed;
    public final Parameter clsToken;
    public final ModuleList<CvtBlock> blocks;
    public final LayerNorm norm;
    public final Linear decoderEmbed;
    public final Parameter maskToken;
    public final ModuleList<CvtBlock> decoderBlocks;
    public final LayerNorm decoderNorm;
    public final Linear decoderPred;
    public final CvtBlock decoderStudentBlock;
    public final LayerNorm decoderStudentNorm;
    public final Linear decoderStudentPred;
    /** The paper's classification head on [CLS] (null in the reference-code configuration). */
    public final Linear clsHead;

    private Rng dropoutRng;

    /** A freshly initialised model (seeded). */
    public AedMae(Preset preset, boolean classificationHead, long seed) {
        this.preset = preset;
        Rng init = new Rng(seed);
        this.dropoutRng = new Rng(seed ^ 0x5DEECE66DL);
        Dropout.RngSource drop = () -> dropoutRng;
        int d = preset.encDim(), dd = preset.decDim();
        this.patchEmbed = child("patch_embed", new PatchEmbed(IN_CHANNELS, d, preset.patch(), init));
        this.clsToken = parameter("cls_token", Tensor.zeros(1, 1, d));
        List<CvtBlock> enc = new ArrayList<>();
        for (int i = 0; i < preset.encDepth(); i++) enc.add(new CvtBlock(d, preset.encHeads(), preset.mlpRatio(), preset.dropout(), drop, init));
        this.blocks = child("blocks", new ModuleList<>(enc));
        this.norm = child("norm", new LayerNorm(d, 1e-6f));
        this.decoderEmbed = child("decoder_embed", new Linear(d, dd, true, init));
        this.maskToken = parameter("mask_token", Tensor.zeros(1, 1, dd));
        List<CvtBlock> dec = new ArrayList<>();
        for (int i = 0; i < preset.decDepth(); i++) dec.add(new CvtBlock(dd, preset.decHeads(), preset.mlpRatio(), preset.dropout(), drop, init));
        this.decoderBlocks = child("decoder_blocks", new ModuleList<>(dec));
        this.decoderNorm = child("decoder_norm", new LayerNorm(dd, 1e-6f));
        this.decoderPred = child("decoder_pred", new Linear(dd, preset.predictionSize(), true, init));
        this.decoderStudentBlock = child("decoder_student_block", new CvtBlock(dd, preset.decHeads(), preset.mlpRatio(), preset.dropout(), drop, init));
        this.decoderStudentNorm = child("decoder_student_norm", new LayerNorm(dd, 1e-6f));
        this.decoderStudentPred = child("decoder_student_pred", new Linear(dd, preset.predictionSize(), true, init));
        this.clsHead = classificationHead ? child("cls_head", new Linear(d, 1, true, init)) : null;
        initWeights(init);
    }

    /**
     * The reference initialisation: truncated normal (std 0.02) for every Linear weight, zero
     * Linear biases, LayerNorm ones and zeros, zero [CLS] and mask tokens; Conv2d and BatchNorm
     * keep PyTorch's defaults.
     */
    private void initWeights(Rng rng) {
        try (var s = GradMode.disable()) {
            for (var e : namedParameters().entrySet()) {
                String n = e.getKey();
                Tensor t = e.getValue().get();
                boolean linear = isLinear(n);
                if (linear && n.endsWith(".weight")) t.copyFrom(Init.truncNormal(rng, 0.02f, t.shape()));
                else if (linear && n.endsWith(".bias")) t.fill(0f);
            }
        }
    }

    private boolean isLinear(String name) {
        if (name.indexOf('.') < 0) return false; // cls_token, mask_token
        String owner = name.substring(0, name.lastIndexOf('.'));
        return owner.endsWith("proj_q") || owner.endsWith("proj_k") || owner.endsWith("proj_v") || owner.endsWith("attn.proj")
                || owner.equals("decoder_embed") || owner.equals("decoder_pred") || owner.equals("decoder_student_pred") || owner.equals("cls_head");
    }

    public Preset preset() {
        return preset;
    }

    /** The generator dropout draws from (saved with training state for exact resumption). */
    public Rng dropoutRng() {
        return dropoutRng;
    }

    public void setDropoutRng(Rng rng) {
        this.dropoutRng = rng;
    }

    // ------------------------------------------------------------------ the paper's steps

    /** Random per-sample masking at the preset's ratio (docs/model-spec.md step 2). */
    public Masking randomMasking(int batch, Rng rng) {
        return Masking.random(batch, preset.tokens(), preset.keptTokens(), rng);
    }

    /** The whole pass: encoder, head, both decoders. x [B, 9, H, W]. */
    public ModelOutput forward(Tensor x, Masking masking) {
        Shape.check(x.dim() == 4 && x.size(1) == IN_CHANNELS && x.size(2) == preset.height() && x.size(3) == preset.width(),
                "AedMae.forward", "input must be [B, " + IN_CHANNELS + ", " + preset.height() + ", " + preset.width() + "]", x.shape());
        Shape.check(masking.batch() == x.size(0) && masking.tokens() == preset.tokens()
                        && (masking.kept() == preset.keptTokens() || masking.kept() == preset.tokens()),
                "AedMae.forward", "masking must keep " + preset.keptTokens() + " (or, unmasked, all) of " + preset.tokens() + " tokens for each of the " + x.size(0) + " samples",
                masking.idsKeep().shape());
        Encoded e = forwardEncoder(x, masking);
        Decoded d = forwardDecoder(e.latent(), masking);
        return new ModelOutput(d.teacher(), d.student(), e.clsLogit(), masking);
    }

    /** Encoder output: latent [B, 1+K, D] after the final norm, class logit [B, 1] (or null). */
    public record Encoded(Tensor latent, Tensor clsLogit) {}

    /** Teacher and student predictions [B, L, P*P*4]. */
    public record Decoded(Tensor teacher, Tensor student) {}

    /** Steps 1-5: embed kept patches, prepend [CLS], encoder blocks, norm, classification head. */
    public Encoded forwardEncoder(Tensor x, Masking masking) {
        int b = x.size(0), d = preset.encDim();
        Tensor tokens = patchEmbed.forwardKept(x, masking);                        // [B, K, D]
        Tensor h = F.cat(1, clsToken.get().expand(b, 1, d), tokens);               // [B, 1+K, D]
        int gh = preset.gridH(), gw = masking.kept() / gh;                         // quirk: Hp x W_p(1-r)
        for (CvtBlock blk : blocks) h = blk.forward(h, gh, gw);
        h = norm.forward(h);
        Tensor logit = clsHead == null ? null : clsHead.forward(h.select(1, 0));   // [B, 1]
        return new Encoded(h, logit);
    }

    /** Steps 6-8: decoder embedding, mask tokens and unshuffle, teacher and student decoders. */
    public Decoded forwardDecoder(Tensor latent, Masking masking) {
        int b = latent.size(0), k = masking.kept(), l = preset.tokens(), dd = preset.decDim();
        Tensor y = decoderEmbed.forward(latent);                                   // [B, 1+K, Dd]
        Tensor shuffled = k == l ? y.slice(1, 1, 1 + k)                            // unmasked scoring: no mask tokens
                : F.cat(1, y.slice(1, 1, 1 + k), maskToken.get().expand(b, l - k, dd)); // [B, L, Dd]
        Tensor restored = F.indexSelect(shuffled.reshape(b * l, dd), 0, masking.restoreRows()).reshape(b, l, dd);
        Tensor h = F.cat(1, y.slice(1, 0, 1), restored);                          // [B, 1+L, Dd]
        int gh = preset.gridH(), gw = preset.gridW();
        h = decoderBlocks.get(0).forward(h, gh, gw);
        Tensor branch = h;                                                         // the student branches here
        for (int i = 1; i < decoderBlocks.size(); i++) h = decoderBlocks.get(i).forward(h, gh, gw);
        Tensor teacher = decoderPred.forward(decoderNorm.forward(h)).slice(1, 1, 1 + l);
        Tensor s = decoderStudentBlock.forward(branch, gh, gw);
        Tensor student = decoderStudentPred.forward(decoderStudentNorm.forward(s)).slice(1, 1, 1 + l);
        return new Decoded(teacher, student);
    }

    // ------------------------------------------------------------------ the objectives

    /** A stage's loss and the pass it came from. classification is null in stage 2 and without a head. */
    public record Loss(Tensor total, Tensor reconstruction, Tensor classification, ModelOutput output) {}

    /**
     * The whole pass and the loss of a training stage (paper Sec. 3):
     * <ul>
     * <li>{@link Stage#TEACHER}: Eq. 3, the teacher's motion-weighted reconstruction error against
     *     the target, plus clsWeight times Eq. 5, the head's cross-entropy (when the model has a
     *     head and clsWeight &gt; 0);</li>
     * <li>{@link Stage#STUDENT}: Eq. 4, the student's motion-weighted distance to the (fixed)
     *     teacher, or the reference code's masked mean ({@link StudentLoss}).</li>
     * </ul>
     *
     * @param x            {@code [B, 9, H, W]} the input
     * @param target       {@code [B, 4, H, W]} clean frame t and anomaly map (stage 1; unused in stage 2)
     * @param tokenWeights {@code [B, L]} Eq. 1-2 ({@link Objectives#motionWeights}) or uniform
     * @param labels       {@code [B, 1]} 1 for samples with a synthetic anomaly (stage 1)
     */
    public Loss forwardLoss(Stage stage, Tensor x, Masking masking, Tensor target, Tensor tokenWeights, Tensor labels,
                            float clsWeight, StudentLoss studentLoss) {
        ModelOutput out = forward(x, masking);
        if (stage == Stage.STUDENT) {
            Tensor loss = Objectives.studentLoss(studentLoss, out.student(), out.teacher(), tokenWeights, masking.mask());
            return new Loss(loss, loss, null, out);
        }
        Tensor rec = Objectives.weightedReconstruction(out.teacher(), target, tokenWeights, preset.patch()); // Eq. 3
        if (out.clsLogit() == null || clsWeight <= 0) return new Loss(rec, rec, null, out);
        Tensor cls = Objectives.classification(out.clsLogit(), labels);                                      // Eq. 5
        return new Loss(rec.add(cls.mul(clsWeight)), rec, cls, out);
    }

    // ------------------------------------------------------------------ parts

    /** The student's own parameters: the one block, its norm and its prediction layer. */
    public Map<String, Parameter> studentParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> {
            if (n.startsWith("decoder_student_")) out.put(n, p);
        });
        return out;
    }

    /** Parameter counts of the model's parts, for `aedmae info` (buffers excluded). */
    public Map<String, Long> parameterCountsByPart() {
        Map<String, Long> out = new LinkedHashMap<>();
        namedParameters().forEach((n, p) -> {
            String part;
            if (n.startsWith("patch_embed")) part = "patch embedding";
            else if (n.startsWith("blocks") || n.equals("cls_token") || n.startsWith("norm.")) part = "encoder";
            else if (n.startsWith("cls_head")) part = "classification head";
            else if (n.startsWith("decoder_student")) part = "student decoder";
            else part = "teacher decoder";
            out.merge(part, (long) p.get().numel(), Long::sum);
        });
        return out;
    }
}
