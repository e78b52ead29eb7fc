using OrleansIm.Deployment.Tests.Rendering;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>Recommended labels everywhere, and every selector picks exactly the pods it is meant for.</summary>
public sealed class LabelAndSelectorTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Resources_and_pods_carry_name_component_and_part_of(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var resource in rendered.Resources.Where(r => r.Kind() is not ("Namespace" or "Issuer" or "Certificate" or "ConfigMap" or "Secret")))
        {
            var labels = resource.Labels();
            foreach (var key in new[] { "app.kubernetes.io/name", "app.kubernetes.io/component", "app.kubernetes.io/part-of" })
            {
                Assert.True(labels.ContainsKey(key), $"{resource.Kind()}/{resource.Name()} has no {key} label.");
            }
            Assert.Equal("orleansim", labels["app.kubernetes.io/part-of"]);
        }
        foreach (var workload in rendered.Workloads)
        {
            Assert.Equal("orleansim", workload.PodLabels["app.kubernetes.io/part-of"]);
            Assert.Equal(workload.Resource.Labels()["app.kubernetes.io/component"], workload.PodLabels["app.kubernetes.io/component"]);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Each_workload_selects_its_own_pods_and_no_other_workloads(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var workload in rendered.Workloads)
        {
            Assert.True(workload.Selector.Selects(workload.PodLabels), $"{workload.Name}'s selector does not match its pod template.");
            Assert.Equal([workload.Name], rendered.WorkloadsSelectedBy(workload.Selector).Select(w => w.Name));
            // part-of is added to templates after the fact; selectors must stay as they were created.
            Assert.DoesNotContain("app.kubernetes.io/part-of", workload.Selector.Keys);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_service_selects_one_workload_and_targets_its_ports(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var service in rendered.OfKind("Service"))
        {
            var workload = Assert.Single(rendered.WorkloadsSelectedBy(service.Map("spec", "selector")));
            foreach (var port in service.Objects("spec", "ports"))
            {
                var target = port.Text("targetPort") ?? port.Text("port")!;
                Assert.Contains(workload.Containers, c => c.Objects("ports").Any(p => p.Text("name") == target || p.Text("containerPort") == target));
            }
        }
        Assert.Equal("None", rendered.Get("Service", "orleansim-gateway-pods").Text("spec", "clusterIP"));
        Assert.Equal("None", rendered.Get("Service", "orleansim-silo").Text("spec", "clusterIP"));
    }
}
