"""Model presets, read from the Java module's presets.json (one source of truth for both sides)."""
import json
import os
from dataclasses import dataclass, asdict

# tools/aedmae_torch/presets.py -> repository root is two levels above this package.
REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_PRESETS = os.path.join(REPO_ROOT, "app", "src", "main", "resources", "aedmae", "presets.json")

IN_CHANNELS = 9   # frames t-3, t, t+3, RGB each
OUT_CHANNELS = 4  # frame t (RGB) + anomaly map


@dataclass(frozen=True)
class Preset:
    """Architecture fields of one preset. Shapes: input [B, 9, height, width], patch p."""
    name: str
    height: int
    width: int
    patch: int
    encDim: int
    encDepth: int
    encHeads: int
    decDim: int
    decDepth: int
    decHeads: int
    mlpRatio: int
    maskRatio: float
    dropout: float
    lr: float = 1e-4
    batch: int = 100

    @property
    def grid_h(self):
        """Hp = H / p (rows of the token grid)."""
        return self.height // self.patch

    @property
    def grid_w(self):
        """Wp = W / p (columns of the token grid)."""
        return self.width // self.patch

    @property
    def num_tokens(self):
        """L = Hp * Wp."""
        return self.grid_h * self.grid_w

    @property
    def num_kept(self):
        """K = floor(L * (1 - r)) tokens the encoder sees."""
        return int(self.num_tokens * (1.0 - self.maskRatio))

    @property
    def patch_values(self):
        """P = p * p * 4 predicted values per token."""
        return self.patch * self.patch * OUT_CHANNELS

    def to_json(self):
        return json.dumps(asdict(self), sort_keys=True)


_FIELDS = ("height", "width", "patch", "encDim", "encDepth", "encHeads",
           "decDim", "decDepth", "decHeads", "mlpRatio", "maskRatio", "dropout")


def load_presets(path=None):
    """Returns {name: Preset} from presets.json (default: the Java module's resource)."""
    path = path or DEFAULT_PRESETS
    try:
        with open(path, "r", encoding="utf-8") as f:
            raw = json.load(f)
    except OSError as e:
        raise ValueError(f"{path}: cannot read presets ({e.strerror})") from e
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e})") from e
    presets = {}
    for name, entry in raw.items():
        if name.startswith("_"):
            continue
        missing = [k for k in _FIELDS if k not in entry]
        if missing:
            raise ValueError(f"{path}: preset '{name}' lacks {', '.join(missing)}")
        extra = {k: entry[k] for k in ("lr", "batch") if k in entry}
        p = Preset(name=name, **{k: entry[k] for k in _FIELDS}, **extra)
        if p.height % p.patch or p.width % p.patch:
            raise ValueError(f"{path}: preset '{name}': {p.height}x{p.width} not divisible by patch {p.patch}")
        presets[name] = p
    return presets


def get_preset(name, path=None):
    presets = load_presets(path)
    if name not in presets:
        raise ValueError(f"{path or DEFAULT_PRESETS}: no preset '{name}' (have {', '.join(sorted(presets))})")
    return presets[name]
