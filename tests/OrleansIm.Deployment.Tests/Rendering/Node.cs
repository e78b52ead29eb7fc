using System.Text.Json.Nodes;

namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>Short paths through rendered manifests: <c>node.At("spec", "template")</c>, strings, numbers, lists and label maps.</summary>
public static class Node
{
    public static JsonNode? At(this JsonNode? node, params string[] path)
    {
        foreach (var step in path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(step, out var next) ? next : null;
        }
        return node;
    }

    public static string? Text(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonValue value ? value.GetValue<string>() : null;

    public static int? Number(this JsonNode? node, params string[] path) =>
        node.Text(path) is { } text && int.TryParse(text, out var number) ? number : null;

    public static IReadOnlyList<JsonObject> Objects(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? [.. array.OfType<JsonObject>()] : [];

    public static IReadOnlyList<string> Strings(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonArray array ? [.. array.OfType<JsonValue>().Select(v => v.GetValue<string>())] : [];

    public static IReadOnlyDictionary<string, string> Map(this JsonNode? node, params string[] path) =>
        node.At(path) is JsonObject obj
            ? obj.ToDictionary(p => p.Key, p => p.Value is JsonValue v ? v.GetValue<string>() : "")
            : new Dictionary<string, string>();

    public static string Kind(this JsonNode resource) => resource.Text("kind") ?? "";

    public static string Name(this JsonNode resource) => resource.Text("metadata", "name") ?? "";

    public static IReadOnlyDictionary<string, string> Labels(this JsonNode resource) => resource.Map("metadata", "labels");

    /// <summary>True when every label the selector asks for is on <paramref name="labels"/> with that value.</summary>
    public static bool Selects(this IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.Count > 0 && selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);
}
