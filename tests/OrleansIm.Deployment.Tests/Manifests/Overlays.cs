namespace OrleansIm.Deployment.Tests.Manifests;

/// <summary>The overlays operators apply; every manifest rule holds for each of them.</summary>
public static class Overlays
{
    public const string Dev = "dev";
    public const string Production = "production";

    public static TheoryData<string> All => [Dev, Production];
}
