"""Write typed-columns.onnx: a small regression graph with one input per column of each numeric type DsApp converts to
(int64 [N,1], bool [N], double [N,1]), so tests can check how request values become those types, and which they refuse.

Run from the repository root, with Debian's Python (python3-onnx, python3-numpy):

    /usr/bin/python3 DsApp.Tests/Infrastructure/Fixtures/Onnx/make_typed_columns.py

variable = 1000 * rooms + 500 * garden + 2 * area, as float [N,1]. Running it again rewrites the same bytes.
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "typed-columns.onnx")

nodes = [
    helper.make_node("Cast", ["rooms"], ["rooms_f"], to=TensorProto.FLOAT),
    helper.make_node("Cast", ["garden"], ["garden_f"], to=TensorProto.FLOAT),
    helper.make_node("Unsqueeze", ["garden_f", "axis1"], ["garden_col"]),
    helper.make_node("Cast", ["area"], ["area_f"], to=TensorProto.FLOAT),
    helper.make_node("Concat", ["rooms_f", "garden_col", "area_f"], ["features"], axis=1),
    helper.make_node("MatMul", ["features", "weights"], ["variable"]),
]
graph = helper.make_graph(
    nodes,
    "typed-columns",
    [
        helper.make_tensor_value_info("rooms", TensorProto.INT64, [None, 1]),
        helper.make_tensor_value_info("garden", TensorProto.BOOL, [None]),
        helper.make_tensor_value_info("area", TensorProto.DOUBLE, [None, 1]),
    ],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
    initializer=[
        numpy_helper.from_array(np.array([[1000], [500], [2]], dtype=np.float32), "weights"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1"),
    ],
)
model = helper.make_model(graph, producer_name="dsapp-fixtures", opset_imports=[helper.make_opsetid("", 15)])
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)
data = model.SerializeToString()
with open(OUT, "wb") as f:
    f.write(data)
print("%s %d bytes" % (os.path.basename(OUT), len(data)))
