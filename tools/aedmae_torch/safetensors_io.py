"""A small, dependency-free safetensors reader and writer (torch + numpy only).

File layout (https://github.com/huggingface/safetensors):
  8 bytes   N, the header length, unsigned little-endian
  N bytes   JSON header: {"__metadata__": {str: str}, name: {"dtype", "shape", "data_offsets": [begin, end]}}
            (offsets relative to the start of the data section), padded with spaces to a multiple of 8
  rest      raw little-endian tensor data, contiguous, row-major

Like the reference writer, tensors are laid out sorted by dtype (widest alignment first, in the
reference's dtype order) and then by name, so every tensor starts at an offset aligned to its item size.
"""
import json
import struct

import numpy as np
import torch

# Reference dtype enum order (safetensors Rust crate); the writer sorts descending on it.
_DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16",
                "I32", "U32", "F32", "F64", "I64", "U64"]

_NUMPY = {"F64": "<f8", "F32": "<f4", "F16": "<f2", "I64": "<i8", "I32": "<i4", "I16": "<i2",
          "I8": "i1", "U8": "u1", "BOOL": "?", "BF16": "<u2", "U16": "<u2", "U32": "<u4", "U64": "<u8"}

_FROM_TORCH = {torch.float64: "F64", torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16",
               torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
               torch.uint8: "U8", torch.bool: "BOOL"}

_ITEM_SIZE = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2,
              "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8}

MAX_HEADER = 100_000_000


class SafetensorsError(ValueError):
    """Bad file: the message names the file and the problem."""


def _to_bytes(tensor):
    """Returns (dtype code, shape, little-endian bytes) of a torch tensor or numpy array."""
    if isinstance(tensor, np.ndarray):
        tensor = torch.from_numpy(np.ascontiguousarray(tensor))
    t = tensor.detach().cpu().contiguous()
    if t.dtype not in _FROM_TORCH:
        raise ValueError(f"unsupported dtype {t.dtype}")
    code = _FROM_TORCH[t.dtype]
    if code == "BF16":
        arr = t.view(torch.int16).numpy().astype("<i2")
    else:
        arr = t.numpy().astype(_NUMPY[code], copy=False)
    return code, list(t.shape), arr.tobytes(order="C")


def save_file(tensors, path, metadata=None):
    """Writes {name: tensor} to path. metadata: {str: str} stored as "__metadata__"."""
    if metadata is not None:
        bad = [k for k, v in metadata.items() if not isinstance(k, str) or not isinstance(v, str)]
        if bad:
            raise ValueError(f"{path}: metadata values must be strings ({bad[:3]})")
    entries = []
    for name, tensor in tensors.items():
        if name == "__metadata__":
            raise ValueError(f"{path}: '__metadata__' is reserved")
        code, shape, data = _to_bytes(tensor)
        entries.append((name, code, shape, data))
    entries.sort(key=lambda e: (-_DTYPE_ORDER.index(e[1]), e[0]))
    header = {}
    if metadata:
        header["__metadata__"] = dict(metadata)
    offset = 0
    for name, code, shape, data in entries:
        header[name] = {"dtype": code, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
    hbytes = json.dumps(header, separators=(",", ":")).encode("utf-8")
    hbytes += b" " * ((8 - len(hbytes) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(hbytes)))
        f.write(hbytes)
        for _, _, _, data in entries:
            f.write(data)


def load_file(path, with_metadata=False):
    """Reads path; returns {name: torch tensor} (and metadata dict when with_metadata)."""
    try:
        with open(path, "rb") as f:
            raw = f.read()
    except OSError as e:
        raise SafetensorsError(f"{path}: cannot read ({e.strerror})") from e
    if len(raw) < 8:
        raise SafetensorsError(f"{path}: too short for a safetensors file ({len(raw)} bytes)")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > MAX_HEADER or 8 + n > len(raw):
        raise SafetensorsError(f"{path}: header length {n} exceeds the file ({len(raw)} bytes)")
    try:
        header = json.loads(raw[8:8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SafetensorsError(f"{path}: header is not valid JSON ({e})") from e
    if not isinstance(header, dict):
        raise SafetensorsError(f"{path}: header is not a JSON object")
    metadata = header.pop("__metadata__", None) or {}
    data = memoryview(raw)[8 + n:]
    tensors = {}
    spans = []
    for name, info in header.items():
        try:
            code, shape, (begin, end) = info["dtype"], info["shape"], info["data_offsets"]
        except (KeyError, TypeError, ValueError) as e:
            raise SafetensorsError(f"{path}: tensor '{name}' has a malformed entry") from e
        if code not in _NUMPY:
            raise SafetensorsError(f"{path}: tensor '{name}' has unsupported dtype {code}")
        count = int(np.prod(shape)) if shape else 1
        if end - begin != count * _ITEM_SIZE[code] or begin < 0 or end > len(data):
            raise SafetensorsError(f"{path}: tensor '{name}' {code}{shape} has bad offsets [{begin}, {end}]"
                                   f" (data section {len(data)} bytes)")
        spans.append((begin, end, name))
        arr = np.frombuffer(data[begin:end], dtype=_NUMPY[code]).reshape(shape).copy()
        if code == "BF16":
            t = torch.from_numpy(arr.view(np.int16)).view(torch.bfloat16)
        elif code in ("U16", "U32", "U64"):
            t = torch.from_numpy(arr.astype(np.int64))
        else:
            t = torch.from_numpy(arr)
        tensors[name] = t
    spans.sort()
    pos = 0
    for begin, end, name in spans:
        if begin != pos:
            raise SafetensorsError(f"{path}: tensor '{name}' starts at {begin}, expected {pos} (overlap or gap)")
        pos = end
    if pos != len(data):
        raise SafetensorsError(f"{path}: {len(data) - pos} trailing bytes after the last tensor")
    return (tensors, metadata) if with_metadata else tensors
