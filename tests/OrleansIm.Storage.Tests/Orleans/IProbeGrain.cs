namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>A grain whose only job is to exercise the "im" grain storage.</summary>
[Alias("OrleansIm.Storage.Tests.IProbeGrain")]
public interface IProbeGrain : IGrainWithStringKey
{
    Task<ProbeSnapshot> Get();

    Task Set(string value);

    Task Clear();
}
