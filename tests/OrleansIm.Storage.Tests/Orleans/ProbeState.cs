namespace OrleansIm.Storage.Tests.Orleans;

[GenerateSerializer, Alias("OrleansIm.Storage.Tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}
