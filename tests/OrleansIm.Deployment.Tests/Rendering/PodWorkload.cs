using System.Text.Json.Nodes;

namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>A Deployment or StatefulSet: its selector, its pod template and the containers in it.</summary>
public sealed class PodWorkload(JsonObject resource)
{
    public JsonObject Resource { get; } = resource;

    public string Name => Resource.Name();

    public JsonNode? PodSpec => Resource.At("spec", "template", "spec");

    public IReadOnlyDictionary<string, string> PodLabels => Resource.Map("spec", "template", "metadata", "labels");

    public IReadOnlyDictionary<string, string> PodAnnotations => Resource.Map("spec", "template", "metadata", "annotations");

    public IReadOnlyDictionary<string, string> Selector => Resource.Map("spec", "selector", "matchLabels");

    public IReadOnlyList<JsonObject> Containers => PodSpec.Objects("containers");

    public IReadOnlyList<JsonObject> InitContainers => PodSpec.Objects("initContainers");

    public JsonObject Container(string name) =>
        Containers.Concat(InitContainers).SingleOrDefault(c => c.Text("name") == name)
        ?? throw new Xunit.Sdk.XunitException($"{Name} has no container named {name}.");

    /// <summary>The port number a probe or Service names: a number, or the name of a container port.</summary>
    public int ResolvePort(JsonObject container, string port) =>
        int.TryParse(port, out var number) ? number
        : container.Objects("ports").Where(p => p.Text("name") == port).Select(p => p.Number("containerPort")).SingleOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"{Name}/{container.Text("name")} has no port named {port}.");

    public IEnumerable<int> ContainerPorts =>
        Containers.SelectMany(c => c.Objects("ports")).Select(p => p.Number("containerPort") ?? 0);

    /// <summary>Where a volume of this pod is mounted in <paramref name="container"/>, with the Secret behind it (null for other volumes).</summary>
    public IEnumerable<(string MountPath, string? SecretName)> Mounts(JsonObject container) =>
        container.Objects("volumeMounts").Select(m =>
        {
            var volume = PodSpec.Objects("volumes").Single(v => v.Text("name") == m.Text("name"));
            return (m.Text("mountPath") ?? "", volume.Text("secret", "secretName"));
        });
}
