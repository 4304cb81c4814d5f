using System.Globalization;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace DsApp.Tests.ModelWorker.Inference;

/// <summary>
/// Real scikit-learn models exported to ONNX answer through REST predict and <c>/v2</c> infer what scikit-learn's own
/// <c>predict</c> and <c>predict_proba</c> answered for the same rows (Infrastructure/Fixtures/Onnx/*.expected.json).
/// </summary>
[Collection(ModelWorkerCollection.Name)]
public sealed class OnnxPredictionTests(ModelWorkerHost host, ITestOutputHelper output)
{
    /// <summary>ONNX computes in float32: probabilities are compared absolutely, regression values relatively.</summary>
    private const double ProbabilityTolerance = 1e-5;
    private const double RelativeTolerance = 1e-4;

    [Theory]
    [InlineData("iris-logreg")]           // StandardScaler + LogisticRegression, ZipMap (seq(map(int64,float)))
    [InlineData("iris-logreg-nozipmap")]  // the same model, probabilities as a plain float tensor [N,3]
    [InlineData("iris-forest")]           // RandomForestClassifier, ZipMap
    [InlineData("mixed-columns")]         // ColumnTransformer with OneHotEncoder on string columns, one input per column, binary
    [InlineData("regression-gbr")]        // GradientBoostingRegressor, [N,1] output 'variable'
    public async Task An_exported_scikit_learn_model_predicts_through_rest_and_infer_what_scikit_learn_predicted(string fixture)
    {
        var expected = OnnxFixtures.Load(fixture);
        var model = $"onnx-{fixture}";
        using var http = host.CreateClient();
        await http.CreateModelForAsync(model, expected);
        await http.ImportOnnxAsync(model, 1, OnnxFixtures.File(fixture));

        using var predicted = await http.PredictAsync(model, expected.Instances);
        var rest = await predicted.ReadJsonAsync();
        Assert.True(predicted.StatusCode == HttpStatusCode.OK, rest.ToString());
        Assert.Equal("1", predicted.Headers.GetValues("X-Model-Version").Single());
        var restDifference = CompareRest(expected, rest.GetProperty("predictions"));

        using var inferred = await http.PostAsync($"/v2/models/{model}/infer", new StringContent(expected.InferRequest(), Encoding.UTF8, "application/json"));
        var infer = await inferred.ReadJsonAsync();
        Assert.True(inferred.StatusCode == HttpStatusCode.OK, infer.ToString());
        var inferDifference = CompareInfer(expected, infer.GetProperty("outputs"));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{fixture}: {expected.RowCount} rows, labels equal; largest difference from scikit-learn: REST {restDifference:G3}, infer {inferDifference:G3} ({(expected.Task == "regression" ? "relative" : "absolute, probabilities")})"));
    }

    /// <summary>Asserts the REST predictions; answers the largest difference seen.</summary>
    private static double CompareRest(OnnxFixtures.Expected expected, JsonElement predictions)
    {
        Assert.Equal(expected.RowCount, predictions.GetArrayLength());
        var largest = 0.0;
        for (var r = 0; r < expected.RowCount; r++)
        {
            var prediction = predictions[r];
            switch (expected.Task)
            {
                case "regression":
                    largest = Math.Max(largest, AssertRelative(expected.Value(r), prediction.GetProperty("value").GetDouble(), r));
                    break;
                case "binary-classification":
                    // The second class (scikit-learn's classes_[1], its positive class) is true.
                    Assert.Equal(expected.Label(r) == expected.Classes[1], prediction.GetProperty("label").GetBoolean());
                    largest = Math.Max(largest, AssertClose(expected.Probabilities(r)[1], prediction.GetProperty("probability").GetDouble(), r));
                    break;
                default:
                    Assert.Equal(expected.Label(r), prediction.GetProperty("label").GetString());
                    var probabilities = prediction.GetProperty("probabilities");
                    Assert.Equal(expected.Classes, probabilities.EnumerateObject().Select(p => p.Name));
                    for (var c = 0; c < expected.Classes.Count; c++)
                        largest = Math.Max(largest, AssertClose(expected.Probabilities(r)[c], probabilities.GetProperty(expected.Classes[c]).GetDouble(), r));
                    break;
            }
        }
        return largest;
    }

    /// <summary>Asserts the infer outputs (predicted_label, and probabilities for classifiers); answers the largest difference seen.</summary>
    private static double CompareInfer(OnnxFixtures.Expected expected, JsonElement outputs)
    {
        var label = outputs.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "predicted_label");
        var labels = label.GetProperty("data");
        Assert.Equal(expected.RowCount, labels.GetArrayLength());
        var largest = 0.0;
        if (expected.Task == "regression")
        {
            Assert.Equal("FP32", label.GetProperty("datatype").GetString());
            for (var r = 0; r < expected.RowCount; r++) largest = Math.Max(largest, AssertRelative(expected.Value(r), labels[r].GetDouble(), r));
            return largest;
        }
        var probabilities = outputs.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "probabilities");
        var classes = probabilities.GetProperty("parameters").GetProperty("classes").GetString()!.Split(',');
        var data = probabilities.GetProperty("data");
        for (var r = 0; r < expected.RowCount; r++)
        {
            if (expected.Task == "binary-classification")
            {
                Assert.Equal(["false", "true"], classes);
                Assert.Equal(expected.Label(r) == expected.Classes[1], labels[r].GetBoolean());
            }
            else
            {
                Assert.Equal(expected.Classes, classes);
                Assert.Equal(expected.Label(r), labels[r].GetString());
            }
            for (var c = 0; c < classes.Length; c++)
                largest = Math.Max(largest, AssertClose(expected.Probabilities(r)[c], data[r * classes.Length + c].GetDouble(), r));
        }
        return largest;
    }

    private static double AssertClose(double expected, double actual, int row)
    {
        var difference = Math.Abs(expected - actual);
        Assert.True(difference <= ProbabilityTolerance, $"row {row}: probability {actual} where scikit-learn gave {expected}");
        return difference;
    }

    private static double AssertRelative(double expected, double actual, int row)
    {
        var difference = Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-12);
        Assert.True(difference <= RelativeTolerance, $"row {row}: value {actual} where scikit-learn gave {expected}");
        return difference;
    }
}
