using System.ComponentModel.DataAnnotations;

namespace DsApp.ServiceDefaults.OpenApi;

/// <summary>
/// Marks a parameter that is a version number: the OpenAPI document gives it <c>minimum: 1</c>. For the document only:
/// the handler answers a number below 1 itself.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class VersionNumberAttribute() : RangeAttribute(1, int.MaxValue);
