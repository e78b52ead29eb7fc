namespace OrleansIm.Client.Cursors;

/// <summary>
/// Keeps one device's sync cursor (the highest user sync seq it has applied) across restarts,
/// so a restarted app resumes with Sync(after = cursor) instead of replaying everything.
/// One store serves one (user, device) pair.
/// </summary>
public interface ICursorStore
{
    /// <summary>The saved cursor, or 0 for a device that never saved one.</summary>
    ValueTask<long> LoadAsync(CancellationToken cancellationToken);

    ValueTask SaveAsync(long cursor, CancellationToken cancellationToken);
}
