using System.Text;
using DsApp.ModelWorker.Registry;
using DsApp.ModelWorker.Tables;
using DsApp.ModelWorker.Datasets;

namespace DsApp.Tests.Infrastructure;

/// <summary>Test data: the iris table (150 rows) and small CSVs made in the tests.</summary>
public static class ModelWorkerData
{
    public static string IrisPath => Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Fixtures", "iris.csv");
    public static string IrisCsv => File.ReadAllText(IrisPath);

    public static readonly IReadOnlyList<FeatureColumn> IrisFeatures =
    [
        new("sepal_length", "number"), new("sepal_width", "number"), new("petal_length", "number"), new("petal_width", "number"),
    ];

    public static async Task<ColumnTable> ReadAsync(string csv, IReadOnlyList<FeatureColumn> features, LabelSpec? label)
    {
        await using var reader = await DatasetCsvReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), features, label, false, CancellationToken.None);
        return (await reader.ReadChunkAsync(int.MaxValue, CancellationToken.None))!;
    }

    public static Task<ColumnTable> IrisAsync() =>
        ReadAsync(IrisCsv, IrisFeatures, new LabelSpec("species", "string", ModelTask.MulticlassClassification));

    /// <summary>A made-up binary table: approved when income is high and debt low; a city column with many values.</summary>
    public static string LoansCsv(int rows, int seed = 7)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("income,debt,city,member,approved\n");
        for (var i = 0; i < rows; i++)
        {
            var income = random.Next(10, 200);
            var debt = random.Next(0, 100);
            var city = $"city-{random.Next(0, 300)}";
            var member = random.Next(2) == 1;
            var approved = income - debt + (member ? 10 : 0) > 60;
            csv.Append($"{income},{(i % 17 == 0 ? "" : debt.ToString())},{city},{(member ? "true" : "false")},{(approved ? "true" : "false")}\n");
        }
        return csv.ToString();
    }

    public static readonly IReadOnlyList<FeatureColumn> LoanFeatures =
        [new("income", "integer"), new("debt", "integer"), new("city", "string"), new("member", "boolean")];
}
