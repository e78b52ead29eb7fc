using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using OrleansIm.ProcessHost;

namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>One overlay of k8s/overlays as <c>kubectl kustomize</c> renders it: what <c>kubectl apply -k</c> would send.</summary>
public sealed class RenderedOverlay
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<RenderedOverlay>>> Cache = new();

    private RenderedOverlay(string name, string yaml)
    {
        Name = name;
        Yaml = yaml;
        Resources = YamlDocuments.Parse(yaml);
    }

    public string Name { get; }

    /// <summary>kubectl's output as it is: documents separated by "---" lines.</summary>
    public string Yaml { get; }

    public IReadOnlyList<JsonObject> Resources { get; }

    public IEnumerable<PodWorkload> Workloads =>
        Resources.Where(r => r.Kind() is "Deployment" or "StatefulSet").Select(r => new PodWorkload(r));

    /// <summary>Every container of every workload, init containers included, named "workload/container" for messages.</summary>
    public IEnumerable<(string Name, JsonObject Container)> Containers =>
        Workloads.SelectMany(w => w.Containers.Concat(w.InitContainers).Select(c => ($"{w.Name}/{c.Text("name")}", c)));

    /// <summary>Rendered once per test run; every test reads the same result.</summary>
    public static Task<RenderedOverlay> LoadAsync(string overlay) =>
        Cache.GetOrAdd(overlay, name => new Lazy<Task<RenderedOverlay>>(() => RenderAsync(name))).Value;

    public static string Directory(string overlay) => Path.Combine(BuildOutput.RepositoryRoot(), "k8s", "overlays", overlay);

    public IEnumerable<JsonObject> OfKind(string kind) => Resources.Where(r => r.Kind() == kind);

    public JsonObject? Find(string kind, string name) => OfKind(kind).SingleOrDefault(r => r.Name() == name);

    public JsonObject Get(string kind, string name) =>
        Find(kind, name) ?? throw new Xunit.Sdk.XunitException($"The {Name} overlay renders no {kind} named {name}; it has: {string.Join(", ", Resources.Select(r => $"{r.Kind()}/{r.Name()}"))}");

    public PodWorkload Deployment(string name) => new(Get("Deployment", name));

    /// <summary>The workloads whose pods carry every label of <paramref name="selector"/>.</summary>
    public IReadOnlyList<PodWorkload> WorkloadsSelectedBy(IReadOnlyDictionary<string, string> selector) =>
        [.. Workloads.Where(w => selector.Selects(w.PodLabels))];

    private static async Task<RenderedOverlay> RenderAsync(string overlay) =>
        new(overlay, await Kubectl.KustomizeAsync(Directory(overlay)));
}
