"""Write unknown-operator.onnx: a valid ONNX graph with an operator no ONNX runtime implements, so the import test can
check that DsApp refuses a file whose graph the runtime cannot build (and says which operator).

Run from the repository root, with Debian's Python (python3-onnx):

    /usr/bin/python3 DsApp.Tests/Infrastructure/Fixtures/Onnx/make_unknown_operator.py

The graph looks like a regressor of the iris features (X float [N,4] -> variable float [N,1]), so that it passes every
check DsApp makes of inputs and outputs and fails only where the runtime builds the graph. Running it again rewrites the
same bytes.
"""

import os

import onnx
from onnx import TensorProto, helper

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "unknown-operator.onnx")
DOMAIN = "com.example.unknown"

node = helper.make_node("Frobnicate", ["X"], ["variable"], domain=DOMAIN, name="frobnicate")
graph = helper.make_graph(
    [node],
    "unknown-operator",
    [helper.make_tensor_value_info("X", TensorProto.FLOAT, [None, 4])],
    [helper.make_tensor_value_info("variable", TensorProto.FLOAT, [None, 1])],
)
model = helper.make_model(
    graph,
    producer_name="dsapp-fixtures",
    opset_imports=[helper.make_opsetid("", 15), helper.make_opsetid(DOMAIN, 1)],
)
model.ir_version = 8
onnx.checker.check_model(model)  # well-formed: the checker does not know the domain, so it does not judge the operator
data = model.SerializeToString()
with open(OUT, "wb") as f:
    f.write(data)
print("%s %d bytes" % (os.path.basename(OUT), len(data)))
