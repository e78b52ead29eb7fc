namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>What a probe activation holds; <see cref="ActivationId"/> tells a reloaded activation from the old one.</summary>
[GenerateSerializer, Alias("OrleansIm.Storage.Tests.ProbeSnapshot")]
public sealed record ProbeSnapshot(
    [property: Id(0)] string? Value,
    [property: Id(1)] string? ETag,
    [property: Id(2)] bool RecordExists,
    [property: Id(3)] Guid ActivationId);
