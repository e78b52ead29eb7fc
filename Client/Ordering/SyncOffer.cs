namespace OrleansIm.Client.Ordering;

/// <summary>What <see cref="SyncSequencer.Offer"/> made of an event.</summary>
internal enum SyncOffer
{
    /// <summary>At or below the cursor, or already held: drop it.</summary>
    Duplicate,
    /// <summary>The next seq after the cursor: apply it now.</summary>
    Ready,
    /// <summary>Beyond cursor + 1: something between is missing and must be pulled with Sync(after = cursor).</summary>
    Gap,
}
