using OrleansIm.Grains.Storage.Sqlite;

namespace OrleansIm.Storage.Tests;

/// <summary>The group-commit writer's thread runs at the nice value configured for it (<see cref="SqliteStoreOptions.WriterNice"/>).</summary>
public sealed class WriterPriorityTests : IDisposable
{
    private readonly TempDatabase _database = new();

    [Fact]
    public async Task A_lower_priority_is_always_granted()
    {
        // Any process may lower its own threads' priority, and 19 is the lowest there is, so
        // whatever nice the test run itself has, this one cannot be refused.
        var (store, priority) = await OpenAsync(writerNice: 19);
        await using var _ = store;

        Assert.Null(priority.Problem);
        Assert.Equal(19, priority.RequestedNice);
        if (OperatingSystem.IsLinux())
        {
            Assert.NotNull(priority.ThreadId);
            Assert.Equal(19, ThreadNiceOnLinux.Read(priority.ThreadId.Value));
        }
    }

    [Fact]
    public async Task A_higher_priority_is_applied_where_permitted_and_explained_where_not()
    {
        var (store, priority) = await OpenAsync(writerNice: -5);
        await using var _ = store;

        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(priority.Problem);
            return;
        }
        Assert.NotNull(priority.ThreadId);
        var nice = ThreadNiceOnLinux.Read(priority.ThreadId.Value);
        if (priority.Problem is null)
        {
            Assert.Equal(-5, nice);
        }
        else
        {
            // Not root and without CAP_SYS_NICE: the writer runs on, at the nice it inherited.
            Assert.Contains("CAP_SYS_NICE", priority.Problem);
            Assert.NotEqual(-5, nice);
        }
    }

    [Fact]
    public async Task Zero_leaves_the_writer_at_the_priority_it_inherited()
    {
        var (store, priority) = await OpenAsync(writerNice: 0);
        await using var _ = store;

        Assert.Equal(new WriterPriority(0, priority.ThreadId, null), priority);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(ThreadNiceOnLinux.Read(ThreadNice.CurrentThreadId()!.Value), ThreadNiceOnLinux.Read(priority.ThreadId!.Value));
        }
    }

    private async Task<(SqliteMessageStore Store, WriterPriority Priority)> OpenAsync(int writerNice)
    {
        var options = _database.Options();
        options.WriterNice = writerNice;
        var store = await SqliteMessageStore.OpenAsync(options);
        return (store, await store.WriterPriority.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    public void Dispose() => _database.Dispose();
}
