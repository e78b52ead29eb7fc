namespace OrleansIm.Deployment.Tests.Rendering;

/// <summary>
/// What Kubernetes supplies to a pod at run time and a rendering cannot know: the downward API's
/// fields and the Secrets an operator creates outside the manifests.
/// </summary>
public sealed class PodContext
{
    public string PodIp { get; init; } = "10.244.1.17";

    public string PodName { get; init; } = "orleansim-pod-7c9f5";

    /// <summary>Value of a Secret key the overlay does not render (production Secrets are the operator's); null fails the test.</summary>
    public Func<string, string, string?> OperatorSecret { get; init; } = (name, key) => $"<{name}/{key}>";

    public string Field(string fieldPath, string? podNamespace) => fieldPath switch
    {
        "status.podIP" => PodIp,
        "metadata.name" => PodName,
        "metadata.namespace" => podNamespace ?? "default",
        _ => throw new Xunit.Sdk.XunitException($"The test does not supply the downward-API field {fieldPath}."),
    };
}
