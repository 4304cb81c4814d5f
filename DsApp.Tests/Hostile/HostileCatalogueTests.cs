namespace DsApp.Tests.Hostile;

/// <summary>
/// The catalogue of hostile inputs, one theory per area over its table (<see cref="UploadCases"/>, ...): every case is a
/// test of its own, named by the case. Run one area with <c>./test.sh --filter "FullyQualifiedName~HostileCatalogueTests.Uploads"</c>.
/// </summary>
[Collection(HostileCollection.Name)]
public sealed class HostileCatalogueTests(HostileStack stack)
{
    private static readonly Dictionary<string, HostileCase> Cases = new[]
    {
        UploadCases.All(), PredictionCases.All(), InferenceCases.All(), NameCases.All(),
        HeaderCases.All(), FramingCases.All(), LimitCases.All(), CommandCases.All(), RequestRuleCases.All(),
    }.SelectMany(area => area).ToDictionary(c => c.Name);

    private static TheoryData<string> Names(IEnumerable<HostileCase> area) => new(area.Select(c => c.Name));

    public static TheoryData<string> UploadNames => Names(UploadCases.All());
    public static TheoryData<string> PredictionNames => Names(PredictionCases.All());
    public static TheoryData<string> InferenceNames => Names(InferenceCases.All());
    public static TheoryData<string> NameNames => Names(NameCases.All());
    public static TheoryData<string> HeaderNames => Names(HeaderCases.All());
    public static TheoryData<string> FramingNames => Names(FramingCases.All());
    public static TheoryData<string> LimitNames => Names(LimitCases.All());
    public static TheoryData<string> CommandNames => Names(CommandCases.All());
    public static TheoryData<string> RequestRuleNames => Names(RequestRuleCases.All());

    [Theory, MemberData(nameof(UploadNames))]
    public Task Uploads(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(PredictionNames))]
    public Task Predictions(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(InferenceNames))]
    public Task Inference(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(NameNames))]
    public Task IdsAndNames(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(HeaderNames))]
    public Task Headers(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(FramingNames))]
    public Task Framing(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(LimitNames))]
    public Task Limits(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(CommandNames))]
    public Task Commands(string name) => HostileRunner.RunAsync(stack, Cases[name]);

    [Theory, MemberData(nameof(RequestRuleNames))]
    public Task RequestRules(string name) => HostileRunner.RunAsync(stack, Cases[name]);
}
