using System.Text.Json;

namespace DsApp.ModelWorker.Http;

/// <summary>Reads numbers from JSON a client sent, where any kind of value may stand.</summary>
public static class JsonNumbers
{
    /// <summary>
    /// A JSON number that is a whole <see cref="int"/>; false for any other number or kind of value
    /// (<see cref="JsonElement.TryGetInt32"/> throws on a string, which would answer 500).
    /// </summary>
    public static bool TryGetInt32(JsonElement value, out int number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out number);
    }

    /// <summary>A JSON number that fits a <see cref="double"/>; false for any other kind of value.</summary>
    public static bool TryGetDouble(JsonElement value, out double number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out number);
    }
}
