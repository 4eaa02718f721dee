"""An independent PyTorch peer of the Java AED-MAE model.

Written from docs/model-spec.md and the paper (not from the authors' code). Used for
speed comparisons with the Java implementation, for cross-implementation fixtures (logits, losses,
gradients, optimiser steps) and for checkpoint compatibility checks.

Modules:
  presets        reads app/src/main/resources/aedmae/presets.json (the single source of truth)
  model          AedMae: patch embedding, random masking, encoder, teacher and student decoders
  losses         patchify, motion weights (Eq. 1-2), L_rec (Eq. 3), L_cls (Eq. 5), L_SD (Eq. 4)
  optim          AdamW parameter groups (no decay for tensors with ndim <= 1)
  safetensors_io a dependency-free safetensors reader and writer
"""
