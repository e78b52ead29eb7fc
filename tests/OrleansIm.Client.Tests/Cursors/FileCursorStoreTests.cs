using OrleansIm.Client.Cursors;

namespace OrleansIm.Client.Tests.Cursors;

public sealed class FileCursorStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "orleansim-cursor-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_device_without_a_file_starts_at_zero()
    {
        var store = new FileCursorStore(Path.Combine(_directory, "none.cursor"));

        Assert.Equal(0, await store.LoadAsync(default));
    }

    [Fact]
    public async Task A_saved_cursor_survives_a_new_store_instance()
    {
        var path = Path.Combine(_directory, "nested", "alice.laptop.cursor");
        await new FileCursorStore(path).SaveAsync(1234, default);
        await new FileCursorStore(path).SaveAsync(1240, default);

        Assert.Equal(1240, await new FileCursorStore(path).LoadAsync(default));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_with_its_path()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, "bad.cursor");
        await File.WriteAllTextAsync(path, "not a number");

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await new FileCursorStore(path).LoadAsync(default));

        Assert.Contains(path, error.Message);
    }
}
