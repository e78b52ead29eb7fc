using System.Globalization;

namespace OrleansIm.Client.Cursors;

/// <summary>
/// The cursor as a decimal number in a text file. Saves write a temporary file and rename it
/// over the old one, so a crash mid-save leaves the previous cursor rather than a torn file.
/// </summary>
public sealed class FileCursorStore : ICursorStore
{
    private readonly string _path;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public FileCursorStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = Path.GetFullPath(path);
    }

    public string FilePath => _path;

    public async ValueTask<long> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_path))
        {
            return 0;
        }

        var text = (await File.ReadAllTextAsync(_path, cancellationToken).ConfigureAwait(false)).Trim();
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor))
        {
            throw new InvalidDataException(
                $"The cursor file '{_path}' does not hold a non-negative number; delete it to resync this device from the start.");
        }

        return cursor;
    }

    public async ValueTask SaveAsync(long cursor, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cursor);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var directory = Path.GetDirectoryName(_path);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }

            var temporary = _path + ".tmp";
            await File.WriteAllTextAsync(temporary, cursor.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, _path, overwrite: true);
        }
        finally
        {
            _gate.Release();
        }
    }
}
