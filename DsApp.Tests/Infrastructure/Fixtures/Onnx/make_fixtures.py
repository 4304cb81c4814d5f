"""Train small, deterministic scikit-learn models, export them to ONNX, and record scikit-learn's own
outputs next to them, so that the C# tests can check an ONNX runtime without Python.

Run from the repository root, with Debian's Python (python3-sklearn, python3-onnx, python3-numpy):

    PYTHONPATH=tools/sklearn-onnx /usr/bin/python3 DsApp.Tests/Infrastructure/Fixtures/Onnx/make_fixtures.py

Writes, next to this script, for each model NAME: NAME.onnx and NAME.expected.json (see README.md).
Running it again rewrites the same bytes.
"""

import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of tools/sklearn-onnx

import json
import os

import numpy as np
import onnx
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_diabetes, load_iris
from sklearn.ensemble import GradientBoostingRegressor, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

import skl2onnx
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType

OUT = os.path.dirname(os.path.abspath(__file__))
TARGET_OPSET = {"": 15, "ai.onnx.ml": 3}
SEED = 0
MAX_BYTES = 200 * 1024

# The header of DsApp.Ingest/Samples/iris.csv, whose 150 rows are load_iris()'s, in the same order.
IRIS_FEATURES = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


# ---------------------------------------------------------------------------------------------------
# JSON helpers


def f32_number(v):
    """A float32 value as the shortest decimal that reads back as the same float32 (5.1, not
    5.099999904632568); parsed as a double and cast to float32 it gives ONNX's input exactly."""
    f = np.float32(v)
    d = float(str(f))
    assert np.float32(d) == f, (v, d)
    return d


def py(v):
    """numpy scalar -> plain JSON value."""
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    if isinstance(v, np.str_):
        return str(v)
    return v


def type_str(t):
    """ONNX TypeProto in ONNX's own notation: tensor(float), seq(map(int64,tensor(float)))."""
    kind = t.WhichOneof("value")
    if kind == "tensor_type":
        return "tensor(%s)" % onnx.TensorProto.DataType.Name(t.tensor_type.elem_type).lower()
    if kind == "sequence_type":
        return "seq(%s)" % type_str(t.sequence_type.elem_type)
    if kind == "map_type":
        key = onnx.TensorProto.DataType.Name(t.map_type.key_type).lower()
        return "map(%s,%s)" % (key, type_str(t.map_type.value_type))
    raise ValueError("unexpected ONNX type %r" % kind)


def shape_of(t):
    """Tensor shape as declared: ints for fixed dimensions, the symbol (or null) for free ones;
    null for a value that is not a tensor (a sequence of maps)."""
    if t.WhichOneof("value") != "tensor_type" or not t.tensor_type.HasField("shape"):
        return None
    dims = []
    for d in t.tensor_type.shape.dim:
        if d.HasField("dim_value"):
            dims.append(d.dim_value)
        else:
            dims.append(d.dim_param or None)
    return dims


def to_json(obj):
    """Plain JSON, one top-level key per line and one list item (a row, an input) per line."""
    def one(v):
        return json.dumps(v, ensure_ascii=False)

    lines = []
    for k, v in obj.items():
        if isinstance(v, list) and v and isinstance(v[0], (dict, list)):
            items = ",\n".join("    " + one(x) for x in v)
            lines.append("  %s: [\n%s\n  ]" % (one(k), items))
        else:
            lines.append("  %s: %s" % (one(k), one(v)))
    text = "{\n" + ",\n".join(lines) + "\n}\n"
    assert json.loads(text) == obj
    return text


def graph_values(values):
    return [{"name": v.name, "type": type_str(v.type), "shape": shape_of(v.type)} for v in values]


# ---------------------------------------------------------------------------------------------------
# Export and record


def save(name, onx, task, features, rows, predict, proba=None, classes=None, extra=None):
    path = os.path.join(OUT, name + ".onnx")
    # skl2onnx lists the opset imports in set order, which varies with Python's hash seed: sort
    # them so that the same models give the same bytes on every run.
    opsets = sorted(((o.domain, o.version) for o in onx.opset_import))
    del onx.opset_import[:]
    for domain, version in opsets:
        onx.opset_import.add(domain=domain, version=version)
    data = onx.SerializeToString()
    with open(path, "wb") as f:
        f.write(data)
    model = onnx.load(path)
    onnx.checker.check_model(model)
    assert len(data) <= MAX_BYTES, (name, len(data))

    expected = {
        "model": name + ".onnx",
        "task": task,
        "features": features,
        "inputs": graph_values(model.graph.input),
        "outputs": graph_values(model.graph.output),
    }
    if classes is not None:
        expected["classes"] = [py(c) for c in classes]
    if extra:
        expected.update(extra)
    expected["rows"] = rows
    expected["predict"] = [py(v) for v in predict]
    if proba is not None:
        expected["predict_proba"] = [[float(p) for p in r] for r in proba]
    expected["made_by"] = {
        "scikit-learn": sklearn.__version__,
        "skl2onnx": skl2onnx.__version__,
        "onnx": onnx.__version__,
        "numpy": np.__version__,
        "target_opset": TARGET_OPSET,
        "opset_import": {(o.domain or ""): o.version for o in model.opset_import},
        "ir_version": model.ir_version,
    }
    with open(os.path.join(OUT, name + ".expected.json"), "w", encoding="utf-8") as f:
        f.write(to_json(expected))
    print("%-26s %7d bytes   %-26s %s" % (name + ".onnx", len(data), task,
                                            ", ".join(type_str(o.type) for o in model.graph.output)))


def matrix_rows(X, idx, features):
    return [{f: f32_number(X[i, j]) for j, f in enumerate(features)} for i in idx]


# ---------------------------------------------------------------------------------------------------
# Models


def iris():
    data = load_iris()
    X = data.data.astype(np.float32)
    y = data.target  # 0 setosa, 1 versicolor, 2 virginica
    # A few of each class, some of them near the versicolor/virginica border.
    idx = [0, 24, 49, 50, 70, 77, 83, 100, 119, 133, 149]
    rows = matrix_rows(X, idx, IRIS_FEATURES)
    extra = {"class_names": [str(n) for n in data.target_names]}

    logreg = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000, random_state=SEED))
    logreg.fit(X, y)
    for name, options in (("iris-logreg", None),
                          ("iris-logreg-nozipmap", {LogisticRegression: {"zipmap": False}})):
        onx = to_onnx(logreg, X[:1], name=name, target_opset=TARGET_OPSET, options=options)
        save(name, onx, "multiclass-classification", IRIS_FEATURES, rows,
             logreg.predict(X[idx]), logreg.predict_proba(X[idx]), logreg.classes_, extra)

    forest = RandomForestClassifier(n_estimators=10, max_depth=4, random_state=SEED)
    forest.fit(X, y)
    onx = to_onnx(forest, X[:1], name="iris-forest", target_opset=TARGET_OPSET)
    save("iris-forest", onx, "multiclass-classification", IRIS_FEATURES, rows,
         forest.predict(X[idx]), forest.predict_proba(X[idx]), forest.classes_, extra)


def regression():
    data = load_diabetes(scaled=False)  # raw units: age, sex (1/2), bmi, bp, six serum measures
    features = list(data.feature_names)
    X = data.data.astype(np.float32)
    y = data.target
    gbr = GradientBoostingRegressor(n_estimators=30, max_depth=3, random_state=SEED)
    gbr.fit(X, y)
    idx = [int(i) for i in np.linspace(0, len(X) - 1, 10)]
    onx = to_onnx(gbr, X[:1], name="regression-gbr", target_opset=TARGET_OPSET)
    save("regression-gbr", onx, "regression", features, matrix_rows(X, idx, features),
         gbr.predict(X[idx]), extra={"target": "disease progression one year after baseline"})


def mixed_columns():
    """Synthetic churn data: two string columns, two numeric ones, string labels no/yes.
    Every number is exactly representable as float32 (whole years, incomes in hundreds)."""
    rng = np.random.RandomState(SEED)
    n = 300
    cities = np.array(["Lisbon", "Porto", "Braga", "Faro"])
    plans = np.array(["basic", "plus", "pro"])
    city = cities[rng.randint(0, len(cities), n)]
    plan = plans[rng.randint(0, len(plans), n)]
    age = rng.randint(18, 80, n).astype(np.float32)
    income = (np.round(rng.normal(42000, 15000, n).clip(8000, 150000) / 100) * 100).astype(np.float32)
    city_effect = {"Lisbon": -0.3, "Porto": 0.2, "Braga": 0.6, "Faro": -0.8}
    plan_effect = {"basic": 0.9, "plus": 0.0, "pro": -1.1}
    logit = (np.array([city_effect[c] for c in city]) + np.array([plan_effect[p] for p in plan])
             - 0.03 * (age - 45) - 0.00003 * (income - 42000) + rng.normal(0, 0.7, n))
    label = np.where(logit > 0, "yes", "no")

    features = ["city", "plan", "age", "income"]
    X = np.empty((n, 4), dtype=object)
    X[:, 0], X[:, 1], X[:, 2], X[:, 3] = city, plan, age, income

    # Integer column indices: without pandas, and skl2onnx maps index i to the i-th ONNX input
    # (each input being one column wide), so the model takes one tensor per column, named as below.
    pipe = Pipeline([
        ("columns", ColumnTransformer([
            ("onehot", OneHotEncoder(handle_unknown="ignore"), [0, 1]),
            ("scale", StandardScaler(), [2, 3]),
        ])),
        ("logreg", LogisticRegression(max_iter=1000, random_state=SEED)),
    ])
    pipe.fit(X, label)

    initial_types = [
        ("city", StringTensorType([None, 1])),
        ("plan", StringTensorType([None, 1])),
        ("age", FloatTensorType([None, 1])),
        ("income", FloatTensorType([None, 1])),
    ]
    onx = to_onnx(pipe, initial_types=initial_types, name="mixed-columns", target_opset=TARGET_OPSET)

    idx = list(range(10))
    Xr = X[idx]
    # One more row whose city the model never saw: OneHotEncoder(handle_unknown="ignore") gives it
    # all-zero city columns, in scikit-learn and in ONNX alike.
    Xr = np.vstack([Xr, np.array([["Coimbra", "plus", np.float32(45), np.float32(42000)]], dtype=object)])
    rows = [{"city": str(r[0]), "plan": str(r[1]), "age": f32_number(r[2]), "income": f32_number(r[3])}
            for r in Xr]
    save("mixed-columns", onx, "binary-classification", features, rows,
         pipe.predict(Xr), pipe.predict_proba(Xr), pipe.classes_,
         {"positive_class": "yes",
          "note": "the last row's city (Coimbra) is not in the training data"})


def main():
    np.random.seed(SEED)
    print("scikit-learn %s, skl2onnx %s, onnx %s, numpy %s -> %s"
          % (sklearn.__version__, skl2onnx.__version__, onnx.__version__, np.__version__, OUT))
    iris()
    regression()
    mixed_columns()


if __name__ == "__main__":
    main()
