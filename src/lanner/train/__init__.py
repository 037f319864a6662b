"""Training the learned event coder (the ``[train]`` extra: torch and transformers).

Nothing here is imported when coding: the coder runs the exported ONNX model with
``onnxruntime`` (see ``lanner.events.learned``). ``lanner train`` rebuilds the shipped model.
"""

from lanner.train.data import Example, build_examples

__all__ = ["Example", "build_examples"]
