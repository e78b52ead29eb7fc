using System.ComponentModel;
using OrleansIm.Deployment.Tests.Published;

namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>
/// Renders a kustomize directory with <c>kubectl kustomize</c>, which works offline (no API
/// server). A missing kubectl fails the test: a manifest check that silently skipped would let a
/// broken manifest through CI.
/// </summary>
public static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<string> KustomizeAsync(string directory)
    {
        ProcessRun run;
        try
        {
            run = await ProcessRun.RunAsync("kubectl", ["kustomize", directory], Timeout);
        }
        catch (Win32Exception)
        {
            throw new InvalidOperationException(
                "kubectl is not installed, so the Kubernetes manifests cannot be rendered and checked. Install it with 'apt-get install -y kubectl' (Debian package kubectl; .ci/run does this).");
        }
        return run.EnsureSucceeded($"kubectl kustomize {directory}").Output;
    }
}
