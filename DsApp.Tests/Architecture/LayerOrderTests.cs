using System.Reflection;
using NetArchTest.Rules;

namespace DsApp.Tests.Architecture;

/// <summary>
/// Each service's folders depend on each other one way only, in the order docs/architecture.md declares (its
/// "Layer order" table). The check reads the compiled IL, so a dependency inside a method body, a lambda or an async
/// method counts as much as a field's type.
/// </summary>
public sealed class LayerOrderTests
{
    public static TheoryData<string> HeldServices => new() { "DsApp.ModelWorker", "DsApp.Ingest", "DsApp.Api", "DsApp.ServiceDefaults", "DsApp.Platform" };

    [Theory]
    [MemberData(nameof(HeldServices))]
    public void A_folder_uses_no_folder_declared_above_it_and_nothing_at_the_project_root(string service)
    {
        var order = DeclaredOrderOf(service);
        var assembly = Assembly.Load(new AssemblyName(service));
        // The root's files (Program, Extensions) wire everything; a folder that used them would close a loop.
        var rootTypes = assembly.GetTypes()
            .Where(t => t.Namespace == service && !t.IsNested && !t.Name.Contains('<'))
            .Select(t => t.FullName!)
            .ToList();

        var breaches = new List<string>();
        for (var i = 0; i < order.Count; i++)
        {
            var above = order.Skip(i + 1).Select(layer => (Name: layer, Patterns: new[] { $"{service}.{layer}" }))
                .Append((Name: "the project root", Patterns: rootTypes.ToArray()))
                .Where(target => target.Patterns.Length > 0);
            foreach (var target in above)
            {
                var result = Types.InAssembly(assembly).That().ResideInNamespace($"{service}.{order[i]}")
                    .ShouldNot().HaveDependencyOnAny(target.Patterns).GetResult();
                if (!result.IsSuccessful)
                    breaches.AddRange(result.FailingTypeNames.Select(type => $"{type} ({order[i]}) uses {target.Name}"));
            }
        }
        Assert.True(breaches.Count == 0,
            $"{service}: these types use a folder the order in docs/architecture.md puts above theirs:\n" + string.Join("\n", breaches.Distinct()));
    }

    [Theory]
    [MemberData(nameof(HeldServices))]
    public void Every_folder_of_the_service_has_one_place_in_the_declared_order(string service)
    {
        var order = DeclaredOrderOf(service);
        var folders = Assembly.Load(new AssemblyName(service)).GetTypes()
            .Select(t => t.Namespace)
            .Where(ns => ns is not null && ns.StartsWith(service + ".", StringComparison.Ordinal))
            .Select(ns => ns![(service.Length + 1)..].Split('.')[0])
            .ToHashSet();

        Assert.Equal(order.Count, order.Distinct().Count());
        Assert.True(folders.SetEquals(order),
            $"{service}: folders not in its row of docs/architecture.md: [{string.Join(", ", folders.Except(order))}]; " +
            $"listed there but absent: [{string.Join(", ", order.Except(folders))}].");
    }

    [Fact]
    public void The_doc_table_is_read_row_by_row_lowest_first()
    {
        var orders = DeclaredLayerOrder.Parse("""
            ## Layer order
            | Service | Folders, lowest first |
            |---|---|
            | `DsApp.Sample` | `Low` → `Middle` → `High` |

            ## Next section
            | `DsApp.Elsewhere` | `A` → `B` |
            """.Replace("\r", ""));

        Assert.Equal(["DsApp.Sample"], orders.Keys);
        Assert.Equal(["Low", "Middle", "High"], orders["DsApp.Sample"]);
    }

    private static IReadOnlyList<string> DeclaredOrderOf(string service) =>
        DeclaredLayerOrder.Read().TryGetValue(service, out var order)
            ? order
            : throw new Xunit.Sdk.XunitException($"docs/architecture.md's \"Layer order\" table has no row for {service}.");
}
