"""Write lookup.onnx: a small regression graph whose run fails for some rows, so tests can see what a request gets when
the runtime throws part way (an ONNX Runtime error at Run, not at load).

Run from the repository root, with Debian's Python (python3-onnx, python3-numpy):

    /usr/bin/python3 DsApp.Tests/Infrastructure/Fixtures/Onnx/make_lookup.py

x float [N,1] is cast to int64 and looked up in a table of 10 values: variable = 10 * (x + 1) as float [N,1] for
x in 0..9 (fractions cut), and ONNX Runtime's Gather fails the whole run ("indices element out of data bounds") for a row
whose x is 10 or more, or below -10. Running it again rewrites the same bytes.
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lookup.onnx")

nodes = [
    helper.make_node("Cast", ["x"], ["index"], to=TensorProto.INT64),
    helper.make_node("Gather", ["table", "index"], ["looked_up"], axis=0),  # [N,1]
    helper.make_node("Identity", ["looked_up"], ["variable"]),
]
graph = helper.make_graph(
    nodes,
    "lookup",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 1])],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
    initializer=[numpy_helper.from_array(np.arange(10, 101, 10, dtype=np.float32), "table")],
)
model = helper.make_model(graph, producer_name="dsapp-fixtures", opset_imports=[helper.make_opsetid("", 15)])
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)
data = model.SerializeToString()
with open(OUT, "wb") as f:
    f.write(data)
print("%s %d bytes" % (os.path.basename(OUT), len(data)))
