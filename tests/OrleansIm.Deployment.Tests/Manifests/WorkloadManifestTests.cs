using OrleansIm.Deployment.Tests.Rendering;

namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>Rules every workload of every overlay follows: rollout, images, identity, privileges, resources.</summary>
public sealed class WorkloadManifestTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Deployments_roll_without_taking_a_pod_away_first_and_leave_the_count_to_the_autoscaler(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        var deployments = rendered.OfKind("Deployment").ToList();

        Assert.Equal(["orleansim-gateway", "orleansim-silo"], deployments.Select(d => d.Name()).Order());
        foreach (var deployment in deployments)
        {
            Assert.Equal("RollingUpdate", deployment.Text("spec", "strategy", "type"));
            Assert.Equal("0", deployment.Text("spec", "strategy", "rollingUpdate", "maxUnavailable"));
            Assert.NotEqual("0", deployment.Text("spec", "strategy", "rollingUpdate", "maxSurge") ?? "0");
            Assert.Null(deployment.At("spec", "replicas"));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_container_names_a_tagged_image(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var (name, container) in rendered.Containers)
        {
            var image = container.Text("image") ?? "";
            var lastSegment = image[(image.LastIndexOf('/') + 1)..];
            Assert.True(image.Contains('@') || lastSegment.Contains(':'), $"{name}: image '{image}' has no tag or digest.");
            Assert.False(lastSegment.EndsWith(":latest", StringComparison.Ordinal), $"{name}: image '{image}' is :latest, which does not say what runs.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task No_pod_gets_a_service_account_token(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var workload in rendered.Workloads)
        {
            Assert.Equal("false", workload.PodSpec.Text("automountServiceAccountToken"));
            if (workload.PodSpec.Text("serviceAccountName") is { } account)
            {
                Assert.Equal("false", rendered.Get("ServiceAccount", account).Text("automountServiceAccountToken"));
            }
        }
        // Nothing calls the Kubernetes API (membership is the PostgreSQL table), so nothing is granted.
        Assert.DoesNotContain(rendered.Resources, r => r.Kind() is "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding");
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Pods_run_as_non_root_without_privileges(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var workload in rendered.Workloads)
        {
            Assert.Equal("true", workload.PodSpec.Text("securityContext", "runAsNonRoot"));
            Assert.NotEqual("0", workload.PodSpec.Text("securityContext", "runAsUser"));
            Assert.Equal("RuntimeDefault", workload.PodSpec.Text("securityContext", "seccompProfile", "type"));
        }
        foreach (var (name, container) in rendered.Containers)
        {
            Assert.True(container.Text("securityContext", "allowPrivilegeEscalation") == "false", $"{name} may escalate privileges.");
            Assert.True(container.Strings("securityContext", "capabilities", "drop") is ["ALL"], $"{name} keeps capabilities.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public async Task Every_container_requests_cpu_and_memory_and_has_a_memory_limit(string overlay)
    {
        var rendered = await RenderedOverlay.LoadAsync(overlay);
        foreach (var (name, container) in rendered.Containers)
        {
            Assert.True(container.Text("resources", "requests", "cpu") is not null, $"{name} requests no CPU (the autoscaler measures against it).");
            Assert.True(container.Text("resources", "requests", "memory") is not null, $"{name} requests no memory.");
            Assert.True(container.Text("resources", "limits", "memory") is not null, $"{name} has no memory limit.");
        }
    }
}
