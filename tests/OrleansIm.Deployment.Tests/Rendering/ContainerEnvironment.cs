using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>
/// The environment a container of a rendered workload gets, worked out as the kubelet does:
/// envFrom first, then env in order (later wins), downward-API fields, Secret and ConfigMap keys,
/// and $(VAR) references to variables defined before.
/// </summary>
public static partial class ContainerEnvironment
{
    public static Dictionary<string, string> Resolve(RenderedOverlay overlay, PodWorkload workload, JsonObject container, PodContext pod)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.Objects("envFrom"))
        {
            if (source.Text("configMapRef", "name") is { } configMap)
            {
                Merge(values, overlay.Get("ConfigMap", configMap).Map("data"));
            }
            else if (source.Text("secretRef", "name") is { } secret)
            {
                Merge(values, SecretData(overlay.Get("Secret", secret)));
            }
        }
        var podNamespace = workload.Resource.Text("metadata", "namespace");
        foreach (var entry in container.Objects("env"))
        {
            var name = entry.Text("name")!;
            values[name] = entry.At("valueFrom") switch
            {
                null => Expand(entry.Text("value") ?? "", values),
                var from when from.Text("fieldRef", "fieldPath") is { } field => pod.Field(field, podNamespace),
                var from when from.At("secretKeyRef") is { } secret => SecretValue(overlay, pod, secret.Text("name")!, secret.Text("key")!),
                var from when from.At("configMapKeyRef") is { } map => overlay.Get("ConfigMap", map.Text("name")!).Text("data", map.Text("key")!)
                    ?? throw new Xunit.Sdk.XunitException($"{name}: ConfigMap {map.Text("name")} has no key {map.Text("key")}."),
                var from => throw new Xunit.Sdk.XunitException($"{name}: unsupported valueFrom {from.ToJsonString()}"),
            };
        }
        return values;
    }

    /// <summary>The env entry itself (to see where a value comes from), or null.</summary>
    public static JsonObject? Entry(JsonObject container, string name) =>
        container.Objects("env").LastOrDefault(e => e.Text("name") == name);

    private static string SecretValue(RenderedOverlay overlay, PodContext pod, string name, string key)
    {
        if (overlay.Find("Secret", name) is { } secret)
        {
            return SecretData(secret).TryGetValue(key, out var value)
                ? value
                : throw new Xunit.Sdk.XunitException($"Secret {name} has no key {key}.");
        }
        return pod.OperatorSecret(name, key) ?? throw new Xunit.Sdk.XunitException($"The {overlay.Name} overlay needs Secret {name} key {key}, which the test does not supply.");
    }

    private static Dictionary<string, string> SecretData(JsonObject secret)
    {
        var data = secret.Map("data").ToDictionary(d => d.Key, d => Encoding.UTF8.GetString(Convert.FromBase64String(d.Value)));
        foreach (var (key, value) in secret.Map("stringData"))
        {
            data[key] = value;
        }
        return data;
    }

    private static void Merge(Dictionary<string, string> values, IReadOnlyDictionary<string, string> more)
    {
        foreach (var (key, value) in more)
        {
            values[key] = value;
        }
    }

    // $(VAR) names a variable defined earlier; $$(VAR) is a literal "$(VAR)"; anything else stays as written.
    private static string Expand(string value, IReadOnlyDictionary<string, string> defined) =>
        Reference().Replace(value, m => m.Value.StartsWith("$$", StringComparison.Ordinal) ? m.Value[1..]
            : defined.TryGetValue(m.Groups["name"].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\$?\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
