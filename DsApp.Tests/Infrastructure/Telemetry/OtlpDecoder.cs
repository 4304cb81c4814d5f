using System.Globalization;

namespace DsApp.Tests.Infrastructure.Telemetry;

/// <summary>Reads OTLP export requests (traces and metrics) by the field numbers of opentelemetry-proto.</summary>
public static class OtlpDecoder
{
    // ExportTraceServiceRequest.resource_spans = 1; ResourceSpans.resource = 1, scope_spans = 2;
    // ScopeSpans.scope = 1, spans = 2; InstrumentationScope.name = 1.
    public static IEnumerable<ExportedSpan> Spans(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var fields = ProtoField.ReadAll(resourceSpans);
            var resource = ResourceAttributes(fields);
            var service = resource.GetValueOrDefault("service.name", "");
            var instance = resource.GetValueOrDefault("service.instance.id", "");
            foreach (var scopeSpans in fields.Where(f => f.Number == 2))
            {
                var scopeFields = ProtoField.ReadAll(scopeSpans.Bytes);
                var scope = ScopeName(scopeFields);
                foreach (var span in scopeFields.Where(f => f.Number == 2)) yield return Span(service, instance, scope, span.Bytes);
            }
        }
    }

    // Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, kind = 6, attributes = 9, links = 13 (Link.trace_id = 1, span_id = 2).
    private static ExportedSpan Span(string service, string instance, string scope, byte[] span)
    {
        var fields = ProtoField.ReadAll(span);
        return new ExportedSpan(
            service, scope,
            TraceId: HexOf(fields, 1),
            SpanId: HexOf(fields, 2),
            ParentSpanId: fields.FirstOrDefault(f => f.Number == 4).Bytes is { } parent ? Convert.ToHexStringLower(parent) : "",
            Name: TextOf(fields, 5),
            Kind: (int)fields.FirstOrDefault(f => f.Number == 6).Scalar,
            Attributes: Attributes(fields, 9),
            Links: fields.Where(f => f.Number == 13).Select(link => ProtoField.ReadAll(link.Bytes)).Select(link => new ExportedLink(HexOf(link, 1), HexOf(link, 2))).ToList(),
            Instance: instance);
    }

    // ExportMetricsServiceRequest.resource_metrics = 1; ResourceMetrics.resource = 1, scope_metrics = 2;
    // ScopeMetrics.scope = 1, metrics = 2; Metric: name = 1, unit = 3, gauge = 5, sum = 7, histogram = 9,
    // exponential_histogram = 10; each has data_points = 1; point attributes: number 7, histogram 9, exponential 1.
    public static IEnumerable<ExportedMetric> Metrics(byte[] request)
    {
        foreach (var resourceMetrics in Fields(request, 1))
        {
            var fields = ProtoField.ReadAll(resourceMetrics);
            var service = ServiceName(fields);
            foreach (var scopeMetrics in fields.Where(f => f.Number == 2))
            {
                var scopeFields = ProtoField.ReadAll(scopeMetrics.Bytes);
                var scope = ScopeName(scopeFields);
                foreach (var metric in scopeFields.Where(f => f.Number == 2))
                {
                    var metricFields = ProtoField.ReadAll(metric.Bytes);
                    var points = new List<IReadOnlyDictionary<string, string>>();
                    foreach (var (dataField, attributesField) in new[] { (5, 7), (7, 7), (9, 9), (10, 1) })
                    {
                        foreach (var data in metricFields.Where(f => f.Number == dataField))
                            points.AddRange(ProtoField.ReadAll(data.Bytes).Where(f => f.Number == 1).Select(point => Attributes(ProtoField.ReadAll(point.Bytes), attributesField)));
                    }
                    yield return new ExportedMetric(service, scope, TextOf(metricFields, 1),
                        metricFields.FirstOrDefault(f => f.Number == 3).Bytes is { } unit ? System.Text.Encoding.UTF8.GetString(unit) : "", points);
                }
            }
        }
    }

    // ExportLogsServiceRequest.resource_logs = 1; ResourceLogs.resource = 1, scope_logs = 2; ScopeLogs.log_records = 2.
    /// <summary>The service of each log record of an export (the tests read no log's content).</summary>
    public static IEnumerable<string> LogRecordServices(byte[] request)
    {
        foreach (var resourceLogs in Fields(request, 1))
        {
            var fields = ProtoField.ReadAll(resourceLogs);
            var service = ServiceName(fields);
            foreach (var scopeLogs in fields.Where(f => f.Number == 2))
            {
                foreach (var _ in ProtoField.ReadAll(scopeLogs.Bytes).Where(f => f.Number == 2)) yield return service;
            }
        }
    }

    // proto3 leaves out a field that holds its default (an empty string or id): read it as empty.
    private static string TextOf(List<ProtoField> fields, int number) => fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? System.Text.Encoding.UTF8.GetString(bytes) : "";

    private static string HexOf(List<ProtoField> fields, int number) => fields.FirstOrDefault(f => f.Number == number).Bytes is { } bytes ? Convert.ToHexStringLower(bytes) : "";

    private static IEnumerable<byte[]> Fields(byte[] message, int number) =>
        ProtoField.ReadAll(message).Where(f => f.Number == number).Select(f => f.Bytes);

    // Resource.attributes = 1; the service is its service.name.
    private static string ServiceName(List<ProtoField> resourceLevel) => ResourceAttributes(resourceLevel).GetValueOrDefault("service.name", "");

    private static Dictionary<string, string> ResourceAttributes(List<ProtoField> resourceLevel) =>
        Attributes(ProtoField.ReadAll(resourceLevel.FirstOrDefault(f => f.Number == 1).Bytes ?? []), 1);

    private static string ScopeName(List<ProtoField> scopeLevel)
    {
        var scope = scopeLevel.FirstOrDefault(f => f.Number == 1).Bytes ?? [];
        return ProtoField.ReadAll(scope).FirstOrDefault(f => f.Number == 1).Bytes is { } name ? System.Text.Encoding.UTF8.GetString(name) : "";
    }

    // KeyValue: key = 1, value = 2; AnyValue: string = 1, bool = 2, int = 3, double = 4 (others as hex).
    private static Dictionary<string, string> Attributes(List<ProtoField> fields, int number)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var pair in fields.Where(f => f.Number == number))
        {
            var keyValue = ProtoField.ReadAll(pair.Bytes);
            var key = TextOf(keyValue, 1);
            var value = keyValue.FirstOrDefault(f => f.Number == 2).Bytes is { } any ? ProtoField.ReadAll(any) : [];
            attributes[key] = value.Count == 0 ? "" : value[0] switch
            {
                { Number: 1 } text => text.Text,
                { Number: 2 } flag => (flag.Scalar != 0).ToString().ToLowerInvariant(),
                { Number: 3 } integer => ((long)integer.Scalar).ToString(CultureInfo.InvariantCulture),
                { Number: 4 } real => BitConverter.UInt64BitsToDouble(real.Scalar).ToString(CultureInfo.InvariantCulture),
                var other => other.Hex,
            };
        }
        return attributes;
    }
}
