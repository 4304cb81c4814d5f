using System.Globalization;
using System.Text;

namespace DsApp.Ingest.Samples;

/// <summary>
/// The sample tables. Iris is Fisher's real table (embedded). The other two are generated from a
/// fixed seed with the formulas below, noise included, so every call gives the same rows and a model
/// has something real to learn (and something it cannot: the noise).
/// </summary>
public static class SampleCatalog
{
    public const int Seed = 20261127;
    public const int HousePricesRows = 3000;
    public const int LoanApprovalRows = 4000;

    private static readonly string[] Districts = ["center", "north", "east", "west", "south"];
    private static readonly double[] DistrictBonus = [60_000, 20_000, 0, 0, -10_000];

    public static readonly IReadOnlyList<Sample> All =
    [
        new("iris", "Fisher's iris flowers",
            "R. A. Fisher's 1936 measurements of 150 iris flowers of three species (50 each), in centimetres.",
            "multiclass-classification", "species", 150, ["sepal_length", "sepal_width", "petal_length", "petal_width", "species"]),
        new("house-prices", "House prices (synthetic)",
            "price = 50000 + 2400·area_m2 + 8000·rooms − 900·age_years − 3500·distance_km + bonus(district) + N(0, 25000²); " +
            "area_m2 ~ U(40, 250), rooms = clamp(round(area_m2/30 + N(0, 0.7²)), 1, 8), age_years ~ U{0..80}, distance_km ~ U(0.5, 30), " +
            "district uniform over center (+60000), north (+20000), east, west (0), south (−10000). Seed " + Seed + ".",
            "regression", "price", HousePricesRows, ["area_m2", "rooms", "age_years", "distance_km", "district", "price"]),
        new("loan-approval", "Loan approvals (synthetic)",
            "approved ~ Bernoulli(σ(z)), z = −3 + 0.025·income_k − 6·debt_ratio + 0.02·(credit_score − 650) + 0.06·years_employed + 0.8·has_guarantor; " +
            "income_k ~ U(15, 200), debt_ratio ~ U(0, 0.8), credit_score = clamp(round(N(680, 60²)), 300, 850), years_employed ~ U{0..30}, " +
            "has_guarantor ~ Bernoulli(0.3). Seed " + Seed + ".",
            "binary-classification", "approved", LoanApprovalRows, ["income_k", "debt_ratio", "credit_score", "years_employed", "has_guarantor", "approved"]),
    ];

    public static Sample? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    /// <summary>The sample's rows as UTF-8 CSV with a header.</summary>
    public static Stream Open(Sample sample) => sample.Name switch
    {
        "iris" => typeof(SampleCatalog).Assembly.GetManifestResourceStream("DsApp.Ingest.Samples.iris.csv")
            ?? throw new InvalidOperationException("The iris table is not embedded."),
        "house-prices" => Csv(HousePrices()),
        "loan-approval" => Csv(LoanApprovals()),
        _ => throw new ArgumentException($"No sample '{sample.Name}'.", nameof(sample)),
    };

    private static IEnumerable<string> HousePrices()
    {
        var random = new Random(Seed);
        yield return "area_m2,rooms,age_years,distance_km,district,price";
        for (var i = 0; i < HousePricesRows; i++)
        {
            var area = Uniform(random, 40, 250);
            var rooms = Math.Clamp((int)Math.Round(area / 30 + Normal(random, 0, 0.7)), 1, 8);
            var age = random.Next(0, 81);
            var distance = Uniform(random, 0.5, 30);
            var district = random.Next(Districts.Length);
            var price = 50_000 + 2_400 * area + 8_000 * rooms - 900 * age - 3_500 * distance + DistrictBonus[district] + Normal(random, 0, 25_000);
            yield return Invariant($"{area:F1},{rooms},{age},{distance:F2},{Districts[district]},{price:F2}");
        }
    }

    private static IEnumerable<string> LoanApprovals()
    {
        var random = new Random(Seed);
        yield return "income_k,debt_ratio,credit_score,years_employed,has_guarantor,approved";
        for (var i = 0; i < LoanApprovalRows; i++)
        {
            var income = Uniform(random, 15, 200);
            var debt = Uniform(random, 0, 0.8);
            var score = Math.Clamp((int)Math.Round(Normal(random, 680, 60)), 300, 850);
            var years = random.Next(0, 31);
            var guarantor = random.NextDouble() < 0.3;
            var z = -3 + 0.025 * income - 6 * debt + 0.02 * (score - 650) + 0.06 * years + (guarantor ? 0.8 : 0);
            var approved = random.NextDouble() < 1 / (1 + Math.Exp(-z));
            yield return Invariant($"{income:F1},{debt:F3},{score},{years},{(guarantor ? "true" : "false")},{(approved ? "true" : "false")}");
        }
    }

    private static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();

    /// <summary>Box–Muller: a normal draw from two uniform ones.</summary>
    private static double Normal(Random random, double mean, double deviation)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + deviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static MemoryStream Csv(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines) text.Append(line).Append('\n');
        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()), writable: false);
    }
}
