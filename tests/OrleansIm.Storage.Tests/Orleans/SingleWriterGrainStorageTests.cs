using System.Collections.Concurrent;
using Orleans.Runtime;
using Orleans.Storage;
using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests.Orleans;

/// <summary>
/// Grain-state writes to the embedded SQLite file go one at a time, waiting asynchronously for
/// the one ahead, so none is refused as busy (and slept on by the driver); reads never wait.
/// The provider underneath is a gate the test opens, so "in flight" is a fact, not a timing.
/// </summary>
public sealed class SingleWriterGrainStorageTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly GrainId Grain = GrainId.Create("user", "alice");

    [Fact]
    public async Task A_second_write_starts_only_when_the_first_has_finished()
    {
        var inner = new GatedStorage();
        var storage = new SingleWriterGrainStorage(inner);

        var first = storage.WriteStateAsync("user", Grain, new GrainState<int>(1));
        await inner.WaitStartedAsync(1);
        var second = storage.WriteStateAsync("user", Grain, new GrainState<int>(2));

        Assert.False(second.IsCompleted);
        Assert.Equal(1, inner.Started);
        inner.Finish(1);
        await first.WaitAsync(Timeout);
        await inner.WaitStartedAsync(2);
        inner.Finish(2);
        await second.WaitAsync(Timeout);
        Assert.Equal(1, inner.MostAtOnce);
    }

    [Fact]
    public async Task A_read_is_not_held_behind_a_write_in_flight()
    {
        var inner = new GatedStorage();
        var storage = new SingleWriterGrainStorage(inner);

        var write = storage.WriteStateAsync("user", Grain, new GrainState<int>(1));
        await inner.WaitStartedAsync(1);

        await storage.ReadStateAsync("user", Grain, new GrainState<int>()).WaitAsync(Timeout);
        Assert.False(write.IsCompleted);
        inner.Finish(1);
        await write.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_failed_write_or_clear_lets_the_next_one_through()
    {
        var inner = new GatedStorage();
        var storage = new SingleWriterGrainStorage(inner);

        var failing = storage.WriteStateAsync("user", Grain, new GrainState<int>(1));
        await inner.WaitStartedAsync(1);
        var clear = storage.ClearStateAsync("user", Grain, new GrainState<int>(2));
        inner.Fail(1, new InvalidOperationException("disk full"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing.WaitAsync(Timeout));

        await inner.WaitStartedAsync(2);
        inner.Finish(2);
        await clear.WaitAsync(Timeout);
        Assert.Equal(1, inner.MostAtOnce);
    }

    /// <summary>Writes and clears wait for the test to finish them, by the order they started in; reads return at once.</summary>
    private sealed class GatedStorage : IGrainStorage
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource> _gates = new();
        private readonly SemaphoreSlim _startedSignal = new(0);
        private int _started;
        private int _inFlight;
        private int _mostAtOnce;

        public int Started => Volatile.Read(ref _started);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => Task.CompletedTask;

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => HoldAsync();

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => HoldAsync();

        public async Task WaitStartedAsync(int count)
        {
            while (Started < count)
            {
                Assert.True(await _startedSignal.WaitAsync(Timeout), $"write {count} did not start");
            }
        }

        public void Finish(int number) => Gate(number).SetResult();

        public void Fail(int number, Exception error) => Gate(number).SetException(error);

        private TaskCompletionSource Gate(int number) => _gates.GetOrAdd(number, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

        private async Task HoldAsync()
        {
            var number = Interlocked.Increment(ref _started);
            var inFlight = Interlocked.Increment(ref _inFlight);
            InterlockedMax(ref _mostAtOnce, inFlight);
            _startedSignal.Release();
            try
            {
                await Gate(number).Task;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            int current;
            while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
            {
            }
        }
    }
}
