#!/usr/bin/env python3
"""One-off check for bench/convert (run by check-torch.ts, not by npm test): load a checkpoint that
bench/convert/checkpoint.ts generated with torch.load(weights_only=True), describe every tensor as
torch sees it, and save the loaded state dict again with torch.save to a file of the same name in
another folder: identical bytes mean the generator lays files out exactly as this torch does.

    /usr/bin/python3 bench/convert/check_torch.py CHECKPOINT RESAVE_PATH   # JSON on stdout

The checkpoint is one our own generator just wrote (benign); weights_only=True is torch's restricted
unpickler all the same.
"""

import filecmp
import hashlib
import json
import sys

import torch


def contiguous_bytes(t: "torch.Tensor") -> bytes:
    c = t.detach().contiguous()
    if c.dtype == torch.bfloat16:
        c = c.view(torch.int16)
    return c.numpy().tobytes()


def main() -> None:
    path, resave = sys.argv[1], sys.argv[2]
    state = torch.load(path, map_location="cpu", weights_only=True)
    storages: dict = {}
    tensors = []
    for name, t in state.items():
        ptr = t.storage().data_ptr()
        storages.setdefault(ptr, len(storages))
        tensors.append({
            "name": name,
            "dtype": str(t.dtype).replace("torch.", ""),
            "shape": list(t.shape),
            "stride": list(t.stride()),
            "offset": t.storage_offset(),
            "storage": storages[ptr],
            "sha256": hashlib.sha256(contiguous_bytes(t)).hexdigest(),
        })
    metadata = getattr(state, "_metadata", None)
    torch.save(state, resave)
    print(json.dumps({
        "torch": torch.__version__,
        "type": type(state).__name__,
        "tensors": tensors,
        "metadata": None if metadata is None else [[k, v] for k, v in metadata.items()],
        "resavedIdentical": filecmp.cmp(path, resave, shallow=False),
    }))


if __name__ == "__main__":
    main()
