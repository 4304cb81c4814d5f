using System.ComponentModel.DataAnnotations;

namespace DsApp.Platform.Contracts;

/// <summary>
/// Marks a parameter that is a dataset id or a model name: the OpenAPI document gives it <see cref="ResourceName.Pattern"/>.
/// For the document only (minimal APIs run no validation attributes): the handler checks the value with
/// <see cref="ResourceName.IsValid"/> and answers 400 naming it.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ResourceNameFormatAttribute() : RegularExpressionAttribute(ResourceName.Pattern);
