namespace OrleansIm.Storage.Tests.Orleans;

public sealed class ProbeGrain([PersistentState("probe", GrainStorageCluster.StorageName)] IPersistentState<ProbeState> state) : Grain, IProbeGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task<ProbeSnapshot> Get() => Task.FromResult(new ProbeSnapshot(state.State.Value, state.Etag, state.RecordExists, _activationId));

    public Task Set(string value)
    {
        state.State.Value = value;
        return state.WriteStateAsync();
    }

    public Task Clear() => state.ClearStateAsync();
}
