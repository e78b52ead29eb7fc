using Orleans.Runtime;
using Orleans.Storage;

namespace OrleansIm.Grains.Storage.Sqlite;

/// <summary>
/// Orleans' grain-state provider on the embedded SQLite file, one write at a time. SQLite takes
/// one writer per database; Orleans' connections set no busy timeout, so a second concurrent
/// write is refused as busy and Microsoft.Data.Sqlite retries it after sleeping 150 ms on the
/// calling thread, which is the grain's turn. Measured: about a third of user-state snapshot
/// writes took 100-500 ms that way, and the recipient stalled its conversation's fan-out for as
/// long. Waiting here is asynchronous and only as long as the write ahead takes. Reads pass
/// straight through: in WAL mode they never wait for a writer.
/// </summary>
internal sealed class SingleWriterGrainStorage(IGrainStorage inner) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        OneAtATimeAsync(() => inner.ClearStateAsync(stateName, grainId, grainState));

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);

    private async Task OneAtATimeAsync(Func<Task> write)
    {
        await _writer.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _writer.Release();
        }
    }
}
